-- Tenant-level reusable flows (SPEC BOT-3): a graph that any bot version's "Go to flow" node may
-- target by id. revision counts saves for optimistic concurrency.
CREATE TABLE bots.flows (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '',
    graph jsonb NOT NULL,
    revision int NOT NULL DEFAULT 1,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flows_tenant_name ON bots.flows (tenant_id, lower(name));
SELECT platform.enable_tenant_isolation('bots.flows');
