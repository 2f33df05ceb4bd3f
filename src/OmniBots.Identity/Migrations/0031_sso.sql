-- Single sign-on with OpenID Connect (SPEC IAM-4). Super admins enable identity providers for the
-- whole platform; each tenant connects its own client registration to one of them.

CREATE TABLE identity.sso_providers (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('google', 'entra', 'oidc')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The ID token's iss must equal this exactly.
    issuer text NOT NULL CHECK (length(issuer) BETWEEN 8 AND 500),
    discovery_url text NOT NULL CHECK (length(discovery_url) BETWEEN 8 AND 500),
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE identity.sso_providers IS
    'platform: identity providers enabled by super admins for every tenant; public endpoints only, no secrets, no tenant data';

-- A tenant's client registration at a provider. client_secret is protected with the tenant's
-- secret protector and never returned by the API.
CREATE TABLE identity.sso_connections (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    provider_id uuid NOT NULL REFERENCES identity.sso_providers (id),
    client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 500),
    client_secret text NOT NULL,
    allowed_domains text[] NOT NULL DEFAULT '{}',
    auto_create_users boolean NOT NULL DEFAULT false,
    default_role text NOT NULL,
    created_at timestamptz NOT NULL,
    FOREIGN KEY (tenant_id, default_role) REFERENCES identity.roles (tenant_id, code)
);
CREATE INDEX sso_connections_tenant ON identity.sso_connections (tenant_id);
SELECT platform.enable_tenant_isolation('identity.sso_connections');
