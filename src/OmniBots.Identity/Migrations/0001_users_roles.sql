-- Tenant users, roles and role grants (SPEC IAM-1, IAM-2). Every table is tenant-owned: tenant_id
-- NOT NULL and the tenant_isolation policy. Foreign keys carry tenant_id too, so a row can only
-- point at rows of its own tenant even if application code got an id wrong.
-- Formats (email syntax, role code pattern) are checked by the application; the database keeps
-- lengths and enumerations.

CREATE TABLE identity.users (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
    locale text NOT NULL DEFAULT 'en' CHECK (length(locale) BETWEEN 2 AND 35),
    time_zone text NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
    user_type text NOT NULL CHECK (user_type IN ('tenant_admin', 'bot_admin', 'supervisor', 'agent', 'analyst', 'viewer')),
    status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'suspended')),
    -- ASP.NET Core Identity's PasswordHasher format; NULL until the user has set a password.
    password_hash text,
    password_changed_at timestamptz,
    -- Changes whenever credentials or access change: cookies and tokens carry the stamp they were
    -- issued with and stop working when it differs.
    security_stamp uuid NOT NULL DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
-- Email addresses are unique per tenant regardless of case.
CREATE UNIQUE INDEX users_tenant_email ON identity.users (tenant_id, lower(email));
SELECT platform.enable_tenant_isolation('identity.users');

CREATE TABLE identity.roles (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    code text NOT NULL CHECK (length(code) BETWEEN 2 AND 63),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    -- System roles (one per user type) are created by provisioning and kept equal to the
    -- catalogue in code at every start; they cannot be edited or deleted through the API.
    is_system boolean NOT NULL DEFAULT false,
    permissions text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, id)
);
SELECT platform.enable_tenant_isolation('identity.roles');

-- A role's code is what permissions and integrations refer to: it never changes.
CREATE FUNCTION identity.keep_role_code() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.code IS DISTINCT FROM OLD.code THEN
        RAISE EXCEPTION 'role codes are immutable (% -> %)', OLD.code, NEW.code USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER roles_code_immutable BEFORE UPDATE OF code ON identity.roles
    FOR EACH ROW EXECUTE FUNCTION identity.keep_role_code();

CREATE TABLE identity.user_roles (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, role_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE,
    -- No cascade: a role in use cannot be deleted.
    FOREIGN KEY (tenant_id, role_id) REFERENCES identity.roles (tenant_id, id)
);
CREATE INDEX user_roles_role ON identity.user_roles (tenant_id, role_id);
SELECT platform.enable_tenant_isolation('identity.user_roles');
