-- Narrows what the runtime role (request and job code) may do to the queue's tables; the runner
-- applies these markers after its blanket grants at every start (Database/Migrations/MigrationRunner.cs).

-- Scheduler state: only the elevated scheduler reads or advances it.
COMMENT ON TABLE platform.cron_ticks IS
    'elevated-only: scheduler state; a tenant connection must not read or move cron ticks';

-- Tenant code enqueues and reads its own jobs (row-level security); state, attempts and leases are
-- changed only by the elevated queue machinery, so a tenant cannot revive, cancel or steal a job.
COMMENT ON TABLE platform.jobs IS
    'runtime-append-only: tenants enqueue and read their own jobs; only the elevated queue machinery updates or deletes them';
