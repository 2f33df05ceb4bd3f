-- Virtual keys for the OpenAI-compatible API (SPEC GW-6). A key reads obk-<prefix><secret>: the
-- 12-character prefix finds the row before the tenant is known, the 256-bit secret is stored only as
-- its SHA-256 (a slow hash adds nothing at that entropy and would cost every call).
CREATE TABLE gateway.virtual_keys (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix text NOT NULL UNIQUE CHECK (length(prefix) BETWEEN 12 AND 64),
    secret_hash bytea NOT NULL,
    -- Empty: every model the tenant may call.
    allowed_models text[] NOT NULL DEFAULT '{}',
    rpm_limit integer CHECK (rpm_limit > 0),
    tpm_limit integer CHECK (tpm_limit > 0),
    monthly_soft_budget_usd numeric(14, 4) CHECK (monthly_soft_budget_usd >= 0),
    monthly_hard_budget_usd numeric(14, 4) CHECK (monthly_hard_budget_usd >= 0),
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX virtual_keys_tenant ON gateway.virtual_keys (tenant_id, created_at DESC);
SELECT platform.enable_tenant_isolation('gateway.virtual_keys');

-- Tenant-level limits, budget and cache settings (GW-5, GW-7); no row means no limits and no cache.
CREATE TABLE gateway.tenant_settings (
    tenant_id uuid NOT NULL PRIMARY KEY,
    rpm_limit integer CHECK (rpm_limit > 0),
    tpm_limit integer CHECK (tpm_limit > 0),
    monthly_soft_budget_usd numeric(14, 4) CHECK (monthly_soft_budget_usd >= 0),
    monthly_hard_budget_usd numeric(14, 4) CHECK (monthly_hard_budget_usd >= 0),
    cache_enabled boolean NOT NULL DEFAULT false,
    cache_ttl_seconds integer NOT NULL DEFAULT 3600 CHECK (cache_ttl_seconds BETWEEN 1 AND 2592000),
    updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT platform.enable_tenant_isolation('gateway.tenant_settings');

-- One row per gateway call (GW-5), written in batches off the request path.
CREATE TABLE gateway.usage_records (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL,
    virtual_key_id uuid,
    feature text NOT NULL,
    model text NOT NULL,
    operation text NOT NULL,
    endpoint text,
    provider text,
    input_tokens integer NOT NULL,
    output_tokens integer NOT NULL,
    cost_usd numeric(18, 8) NOT NULL,
    latency_ms integer NOT NULL,
    status text NOT NULL,
    error_kind text,
    cached boolean NOT NULL,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX usage_records_tenant_time ON gateway.usage_records (tenant_id, occurred_at);
CREATE INDEX usage_records_time ON gateway.usage_records (occurred_at);
SELECT platform.enable_tenant_isolation('gateway.usage_records');
COMMENT ON TABLE gateway.usage_records IS 'runtime-append-only: a record of calls made; only the elevated hourly aggregation reads across tenants';

-- Hourly totals, recomputed by the gateway.usage.aggregate cron job for complete hours.
CREATE TABLE gateway.usage_hourly (
    tenant_id uuid NOT NULL,
    hour timestamptz NOT NULL,
    virtual_key_id uuid,
    feature text NOT NULL,
    model text NOT NULL,
    status text NOT NULL,
    cached boolean NOT NULL,
    requests bigint NOT NULL,
    input_tokens bigint NOT NULL,
    output_tokens bigint NOT NULL,
    cost_usd numeric(20, 8) NOT NULL,
    latency_ms_sum bigint NOT NULL
);
CREATE INDEX usage_hourly_tenant_hour ON gateway.usage_hourly (tenant_id, hour);
CREATE INDEX usage_hourly_hour ON gateway.usage_hourly (hour);
SELECT platform.enable_tenant_isolation('gateway.usage_hourly');
COMMENT ON TABLE gateway.usage_hourly IS 'runtime-append-only: totals belong to the elevated aggregation job; tenants only read them';

-- Up to when usage_hourly holds every record: readers add raw records from this point on.
CREATE TABLE gateway.usage_watermark (
    id integer NOT NULL PRIMARY KEY CHECK (id = 1),
    aggregated_until timestamptz NOT NULL
);
INSERT INTO gateway.usage_watermark (id, aggregated_until) VALUES (1, '-infinity');
COMMENT ON TABLE gateway.usage_watermark IS 'platform: one row, the aggregation watermark shared by every tenant';

-- A soft budget crossing is announced once per scope and month, on whichever replica sees it first.
CREATE TABLE gateway.budget_alerts (
    tenant_id uuid NOT NULL,
    -- The all-zero uuid stands for the tenant-wide budget.
    scope_id uuid NOT NULL,
    month date NOT NULL,
    raised_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, scope_id, month)
);
SELECT platform.enable_tenant_isolation('gateway.budget_alerts');

-- Exact-match response cache (GW-7), behind an in-memory front.
CREATE TABLE gateway.cache_entries (
    tenant_id uuid NOT NULL,
    request_hash bytea NOT NULL,
    response jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, request_hash)
);
CREATE INDEX cache_entries_expiry ON gateway.cache_entries (expires_at);
SELECT platform.enable_tenant_isolation('gateway.cache_entries');
