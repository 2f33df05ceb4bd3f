-- The last tick the scheduler enqueued per cron definition: a leader that takes over, or two
-- leaders that overlap for a moment, never enqueue a tick twice. Platform data: no tenant.
CREATE TABLE platform.cron_ticks (
    name       text PRIMARY KEY,
    last_tick  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL
);
