-- Tenant API keys for servers (SPEC IAM-5). A key reads ob_<prefix>_<secret>: the prefix is public
-- (it names the key in lists and logs and finds its row), the secret is 256 random bits stored only
-- as its SHA-256 (a slow hash adds nothing for a secret of that entropy and would cost every request).
CREATE TABLE identity.api_keys (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- Unique across tenants: a presented key is found by its prefix before its tenant is known.
    prefix text NOT NULL UNIQUE CHECK (length(prefix) BETWEEN 8 AND 64),
    secret_hash bytea NOT NULL,
    permissions text[] NOT NULL DEFAULT '{}',
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    -- Written at most once a minute per key.
    last_used_at timestamptz,
    revoked_at timestamptz,
    FOREIGN KEY (tenant_id, created_by) REFERENCES identity.users (tenant_id, id) ON DELETE SET NULL (created_by)
);
CREATE INDEX api_keys_tenant ON identity.api_keys (tenant_id, created_at DESC);
SELECT platform.enable_tenant_isolation('identity.api_keys');
