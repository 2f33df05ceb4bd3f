-- Platform staff (super admins, partner admins) belong to no tenant, so they cannot live in the
-- tenant-owned tables. Their accounts, sessions and tokens are elevated-only: the runtime role has
-- no right on them at all, and every read goes through the logged elevated scope.

CREATE TABLE identity.platform_users (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
    locale text NOT NULL DEFAULT 'en' CHECK (length(locale) BETWEEN 2 AND 35),
    time_zone text NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
    platform_role text NOT NULL CHECK (platform_role IN ('super_admin', 'partner_admin')),
    -- The partner a partner admin administers; super admins have none.
    partner_id uuid,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'suspended')),
    password_hash text,
    password_changed_at timestamptz,
    security_stamp uuid NOT NULL DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((platform_role = 'partner_admin') = (partner_id IS NOT NULL))
);
CREATE UNIQUE INDEX platform_users_email ON identity.platform_users (lower(email));
COMMENT ON TABLE identity.platform_users IS
    'elevated-only: platform staff accounts and password hashes belong to no tenant';

CREATE TABLE identity.platform_sessions (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES identity.platform_users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('cookie', 'token')),
    security_stamp uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    idle_timeout_minutes integer NOT NULL CHECK (idle_timeout_minutes BETWEEN 1 AND 1440),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_reason text CHECK (length(revoked_reason) <= 100),
    ip inet,
    user_agent text CHECK (length(user_agent) <= 512)
);
CREATE INDEX platform_sessions_user_live ON identity.platform_sessions (user_id) WHERE revoked_at IS NULL;
COMMENT ON TABLE identity.platform_sessions IS 'elevated-only: sign-in sessions of platform staff';
CREATE TRIGGER platform_sessions_revoked AFTER UPDATE OF revoked_at ON identity.platform_sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION identity.record_session_revocation();

CREATE TABLE identity.platform_refresh_tokens (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES identity.platform_sessions (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX platform_refresh_tokens_session ON identity.platform_refresh_tokens (session_id);
COMMENT ON TABLE identity.platform_refresh_tokens IS 'elevated-only: refresh tokens (hashed) of platform staff';

-- One-time links that create the first super admin when configuration names none.
CREATE TABLE identity.setup_tokens (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
COMMENT ON TABLE identity.setup_tokens IS 'elevated-only: single-use super admin setup tokens (hashed)';
