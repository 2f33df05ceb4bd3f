-- Platform → partners → tenants (SPEC TEN-1). Settings are one JSON document per tenant,
-- validated by TenantSettings in the application.

CREATE TABLE tenancy.partners (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenancy.tenants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partner_id uuid NOT NULL REFERENCES tenancy.partners (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleting')),
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenants_partner_id ON tenancy.tenants (partner_id);

-- A tenant-scoped connection sees its own tenant row and nothing else; partners are platform data
-- (no policy grants them to tenant scopes, so tenant-scoped connections see none).
ALTER TABLE tenancy.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenancy.tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY own_tenant ON tenancy.tenants USING (id = platform.current_tenant_id()) WITH CHECK (id = platform.current_tenant_id());
ALTER TABLE tenancy.partners ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenancy.partners FORCE ROW LEVEL SECURITY;
