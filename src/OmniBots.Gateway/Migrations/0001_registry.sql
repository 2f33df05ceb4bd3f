-- The gateway's model registry (SPEC GW-2, GW-3): models and their dated prices, endpoints at
-- platform level and per tenant, routes from a model code to an ordered list of endpoints, and
-- default models. Credentials are stored protected (IPlatformSecretProtector for platform
-- endpoints, the tenant-bound ISecretProtector for tenant endpoints) and never returned.

CREATE TABLE gateway.models (
    code text NOT NULL PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$'),
    type text NOT NULL CHECK (type IN ('chat', 'embeddings', 'realtime')),
    context_tokens integer CHECK (context_tokens > 0),
    dimensions integer CHECK (dimensions > 0),
    built_in boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (dimensions IS NULL OR type = 'embeddings')
);
COMMENT ON TABLE gateway.models IS 'platform: the model catalogue every tenant routes from';

-- valid_to is the last day the price applies (inclusive); NULL means open-ended.
CREATE TABLE gateway.model_prices (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    model_code text NOT NULL REFERENCES gateway.models (code) ON DELETE CASCADE,
    valid_from date NOT NULL,
    valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
    input_per_million numeric(18, 6) NOT NULL CHECK (input_per_million >= 0),
    output_per_million numeric(18, 6) NOT NULL CHECK (output_per_million >= 0),
    currency text NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_prices_model ON gateway.model_prices (model_code, valid_from);
COMMENT ON TABLE gateway.model_prices IS 'platform: dated token prices of the catalogue''s models';

-- Periods of one model never overlap. A trigger rather than an exclusion constraint: the latter
-- needs btree_gist, which the migration role may not be allowed to create. Locking the model row
-- serialises concurrent writers of the same model, so two inserts cannot both pass the check.
CREATE FUNCTION gateway.refuse_overlapping_price() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    clash record;
BEGIN
    PERFORM 1 FROM gateway.models WHERE code = NEW.model_code FOR UPDATE;
    SELECT id, valid_from, valid_to INTO clash FROM gateway.model_prices
     WHERE model_code = NEW.model_code AND id <> NEW.id
       AND daterange(valid_from, valid_to, '[]') && daterange(NEW.valid_from, NEW.valid_to, '[]')
     ORDER BY valid_from LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'price period overlaps % to %', clash.valid_from, coalesce(clash.valid_to::text, 'open end')
            USING ERRCODE = 'exclusion_violation', DETAIL = clash.id::text, CONSTRAINT = 'model_prices_no_overlap';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER model_prices_no_overlap BEFORE INSERT OR UPDATE ON gateway.model_prices
    FOR EACH ROW EXECUTE FUNCTION gateway.refuse_overlapping_price();

CREATE TABLE gateway.platform_endpoints (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    provider text NOT NULL CHECK (provider ~ '^[a-z][a-z0-9-]{1,39}$'),
    base_url text CHECK (length(base_url) <= 500),
    region text CHECK (length(region) <= 50),
    -- JSON object of credential name to value, protected as a whole; NULL when none.
    credentials text,
    credential_names text[] NOT NULL DEFAULT '{}',
    settings jsonb NOT NULL DEFAULT '{}',
    first_byte_timeout_ms integer NOT NULL CHECK (first_byte_timeout_ms > 0),
    total_timeout_ms integer NOT NULL CHECK (total_timeout_ms > 0),
    enabled boolean NOT NULL DEFAULT true,
    built_in boolean NOT NULL DEFAULT false,
    -- Bumped on every change: the router caches one adapter per endpoint version.
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE gateway.platform_endpoints IS 'platform: provider endpoints of the platform; credentials protected with the platform secret protector';

CREATE TABLE gateway.platform_endpoint_models (
    endpoint_id uuid NOT NULL REFERENCES gateway.platform_endpoints (id) ON DELETE CASCADE,
    model_code text NOT NULL REFERENCES gateway.models (code),
    upstream_name text NOT NULL CHECK (length(upstream_name) BETWEEN 1 AND 200),
    PRIMARY KEY (endpoint_id, model_code)
);
COMMENT ON TABLE gateway.platform_endpoint_models IS 'platform: the models a platform endpoint serves and their upstream names';

CREATE TABLE gateway.platform_route_steps (
    model_code text NOT NULL REFERENCES gateway.models (code) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    endpoint_id uuid NOT NULL REFERENCES gateway.platform_endpoints (id) ON DELETE CASCADE,
    PRIMARY KEY (model_code, position),
    UNIQUE (model_code, endpoint_id)
);
COMMENT ON TABLE gateway.platform_route_steps IS 'platform: the platform route of a model, endpoints in failover order';

CREATE TABLE gateway.platform_defaults (
    kind text NOT NULL PRIMARY KEY CHECK (kind IN ('chat', 'embeddings')),
    model_code text NOT NULL REFERENCES gateway.models (code) ON DELETE CASCADE
);
COMMENT ON TABLE gateway.platform_defaults IS 'platform: the default chat and embeddings models of tenants that set none';

CREATE TABLE gateway.endpoints (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    provider text NOT NULL CHECK (provider ~ '^[a-z][a-z0-9-]{1,39}$'),
    base_url text CHECK (length(base_url) <= 500),
    region text CHECK (length(region) <= 50),
    credentials text,
    credential_names text[] NOT NULL DEFAULT '{}',
    settings jsonb NOT NULL DEFAULT '{}',
    first_byte_timeout_ms integer NOT NULL CHECK (first_byte_timeout_ms > 0),
    total_timeout_ms integer NOT NULL CHECK (total_timeout_ms > 0),
    enabled boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name),
    UNIQUE (tenant_id, id)
);
SELECT platform.enable_tenant_isolation('gateway.endpoints');

CREATE TABLE gateway.endpoint_models (
    tenant_id uuid NOT NULL,
    endpoint_id uuid NOT NULL,
    model_code text NOT NULL REFERENCES gateway.models (code),
    upstream_name text NOT NULL CHECK (length(upstream_name) BETWEEN 1 AND 200),
    PRIMARY KEY (endpoint_id, model_code),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES gateway.endpoints (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('gateway.endpoint_models');

-- A step names the tenant's own endpoint or a platform endpoint, never another tenant's: the
-- composite key ties an own endpoint to the row's tenant.
CREATE TABLE gateway.route_steps (
    tenant_id uuid NOT NULL,
    model_code text NOT NULL REFERENCES gateway.models (code) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    endpoint_id uuid,
    platform_endpoint_id uuid REFERENCES gateway.platform_endpoints (id) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, model_code, position),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES gateway.endpoints (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('gateway.route_steps');

-- Exactly one of the two endpoint columns is set. A trigger, not a CHECK, so the tenant-isolation
-- tests can seed synthetic rows (they run with triggers off); the API always sets exactly one.
-- An AFTER (constraint) trigger so row-level security judges a row before this does.
CREATE FUNCTION gateway.route_step_names_one_endpoint() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF num_nonnulls(NEW.endpoint_id, NEW.platform_endpoint_id) <> 1 THEN
        RAISE EXCEPTION 'a route step names exactly one endpoint (endpoint_id or platform_endpoint_id)'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER route_steps_one_endpoint AFTER INSERT OR UPDATE ON gateway.route_steps
    FOR EACH ROW EXECUTE FUNCTION gateway.route_step_names_one_endpoint();

CREATE TABLE gateway.tenant_defaults (
    tenant_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('chat', 'embeddings')),
    model_code text NOT NULL REFERENCES gateway.models (code) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, kind)
);
SELECT platform.enable_tenant_isolation('gateway.tenant_defaults');

-- The built-in offline provider (GW-8): always present, so a platform with nothing configured works.
INSERT INTO gateway.models (code, type, context_tokens, dimensions, built_in) VALUES
    ('offline', 'chat', NULL, NULL, true),
    ('offline-embeddings', 'embeddings', NULL, 256, true);
INSERT INTO gateway.platform_endpoints (id, name, provider, first_byte_timeout_ms, total_timeout_ms, built_in)
    VALUES ('00000000-0000-0000-0000-00000000000f', 'offline', 'offline', 30000, 300000, true);
INSERT INTO gateway.platform_endpoint_models (endpoint_id, model_code, upstream_name) VALUES
    ('00000000-0000-0000-0000-00000000000f', 'offline', 'offline'),
    ('00000000-0000-0000-0000-00000000000f', 'offline-embeddings', 'offline-embeddings');
INSERT INTO gateway.platform_route_steps (model_code, position, endpoint_id) VALUES
    ('offline', 0, '00000000-0000-0000-0000-00000000000f'),
    ('offline-embeddings', 0, '00000000-0000-0000-0000-00000000000f');
