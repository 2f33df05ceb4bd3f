-- Tenant secrets for {{env.X}} and tenant tools (SPEC TOOL-1), their network setting and execution records (TOOL-2).

-- Values are ciphertext from the tenant-bound ISecretProtector (purpose bots.secret:<name>); never returned by the API.
CREATE TABLE bots.secrets (
    tenant_id uuid NOT NULL,
    name text NOT NULL CHECK (name ~ '^[A-Z][A-Z0-9_]{0,63}$'),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    protected_value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid,
    PRIMARY KEY (tenant_id, name)
);
SELECT platform.enable_tenant_isolation('bots.secrets');

-- code is the function name the LLM sees; parameters is the JSON-schema subset; action the HTTP action.
CREATE TABLE bots.tools (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,63}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    parameters jsonb NOT NULL,
    action jsonb NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, code)
);
SELECT platform.enable_tenant_isolation('bots.tools');

-- One row per tenant that changed the defaults (no row: private networks refused).
CREATE TABLE bots.tool_settings (
    tenant_id uuid NOT NULL PRIMARY KEY,
    allow_private_networks boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid
);
SELECT platform.enable_tenant_isolation('bots.tool_settings');

-- One row per execution (flows and the test panel), for the analytics; tool_code is kept by value so the history
-- survives a deleted tool.
CREATE TABLE bots.tool_executions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL,
    tool_code text NOT NULL,
    source text NOT NULL CHECK (source IN ('flow', 'test')),
    success boolean NOT NULL,
    status_code int,
    error text,
    latency_ms int NOT NULL CHECK (latency_ms >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tool_executions_by_tool ON bots.tool_executions (tenant_id, tool_code, created_at DESC);
CREATE INDEX tool_executions_by_time ON bots.tool_executions (tenant_id, created_at);
SELECT platform.enable_tenant_isolation('bots.tool_executions');
