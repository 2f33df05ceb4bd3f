-- The job queue (see Jobs/README.md). Workers claim rows with FOR UPDATE SKIP LOCKED on the
-- elevated role; a tenant-scoped connection sees and enqueues only its own tenant's jobs.
CREATE TABLE platform.jobs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL for platform jobs (cleanup, cron work that spans tenants).
    tenant_id       uuid,
    queue           text NOT NULL DEFAULT 'default',
    kind            text NOT NULL,
    payload         jsonb NOT NULL DEFAULT '{}',
    -- queued: waiting; running: claimed under a lease; failed: last attempt failed, retry at run_at;
    -- succeeded, dead (attempts used up), cancelled: finished.
    state           text NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'running', 'failed', 'succeeded', 'dead', 'cancelled')),
    -- Higher runs first among due jobs of a queue.
    priority        int NOT NULL DEFAULT 0,
    run_at          timestamptz NOT NULL DEFAULT now(),
    attempts        int NOT NULL DEFAULT 0,
    max_attempts    int NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
    idempotency_key text,
    last_error      text,
    enqueued_at     timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    lease_until     timestamptz,
    locked_by       text
);

-- The claim query walks this index in order: due jobs of one queue, most urgent first.
CREATE INDEX jobs_claimable ON platform.jobs (queue, priority DESC, run_at, id)
    WHERE state IN ('queued', 'failed');
-- When the next job of a queue falls due (worker timers, lag gauge).
CREATE INDEX jobs_next_due ON platform.jobs (queue, run_at) WHERE state IN ('queued', 'failed');
-- The reaper looks for expired leases.
CREATE INDEX jobs_leases ON platform.jobs (lease_until) WHERE state = 'running';
-- Cleanup and the admin list.
CREATE INDEX jobs_finished ON platform.jobs (finished_at) WHERE state IN ('succeeded', 'dead', 'cancelled');
CREATE INDEX jobs_tenant ON platform.jobs (tenant_id, id);
-- One job per idempotency key and tenant; platform jobs (NULL tenant) share one key space.
CREATE UNIQUE INDEX jobs_idempotency ON platform.jobs (tenant_id, idempotency_key) NULLS NOT DISTINCT
    WHERE idempotency_key IS NOT NULL;

SELECT platform.enable_tenant_isolation('platform.jobs');
