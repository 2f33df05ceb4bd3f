-- Sign-in sessions (SPEC IAM-5). A session is one sign-in: a portal cookie or a family of rotating
-- refresh tokens. Revoking the session kills every credential that names it (cookie, access
-- tokens, refresh tokens), on every replica, through identity.session_revocations.
-- Timestamps are written by the application from its TimeProvider, not by now().

CREATE TABLE identity.sessions (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('cookie', 'token')),
    -- The user's security stamp at sign-in: a session outlives no credential change.
    security_stamp uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Written at most once a minute per session.
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    -- The tenant's session timeout when the session began: the session ends after this long without use.
    idle_timeout_minutes integer NOT NULL CHECK (idle_timeout_minutes BETWEEN 1 AND 1440),
    -- The absolute end, whatever the activity.
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_reason text CHECK (length(revoked_reason) <= 100),
    ip inet,
    user_agent text CHECK (length(user_agent) <= 512),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_live ON identity.sessions (tenant_id, user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_expires ON identity.sessions (expires_at);
SELECT platform.enable_tenant_isolation('identity.sessions');

-- Opaque refresh tokens, stored as SHA-256 of their 256 random bits. The family is the session:
-- presenting a token already used revokes the session.
CREATE TABLE identity.refresh_tokens (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    session_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    FOREIGN KEY (tenant_id, session_id) REFERENCES identity.sessions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_session ON identity.refresh_tokens (tenant_id, session_id);
SELECT platform.enable_tenant_isolation('identity.refresh_tokens');

-- Every revoked session, tenant or platform, with the time after which no credential of it can
-- be valid anyway; rows are purged after expires_at. Every replica rebuilds its in-memory revoked
-- set from it, so no request path may write or delete here: the table is elevated-only, rows are
-- added by the trigger below, and replicas read them through identity.revoked_sessions().
CREATE TABLE identity.session_revocations (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id uuid NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NOT NULL
);
CREATE INDEX session_revocations_revoked_at ON identity.session_revocations (revoked_at);
COMMENT ON TABLE identity.session_revocations IS
    'elevated-only: ids of revoked sessions (no tenant data); written by a trigger, read through identity.revoked_sessions()';

-- Whatever code revokes a session, the revocation is recorded and every replica is woken
-- (NOTIFY is sent at commit; the payload is "<session id> <expiry as unix seconds>").
-- SECURITY DEFINER: runs as the schema owner, so the runtime role needs no right on the table.
CREATE FUNCTION identity.record_session_revocation() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO identity.session_revocations (session_id, expires_at, revoked_at)
    VALUES (NEW.id, NEW.expires_at, NEW.revoked_at);
    PERFORM pg_notify('identity.sessions.revoked', NEW.id::text || ' ' || floor(extract(epoch FROM NEW.expires_at))::bigint::text);
    RETURN NEW;
END $$;
CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at ON identity.sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION identity.record_session_revocation();

-- The revocations a replica must know at alive_at: all (revoked_since NULL) or those recorded since then.
CREATE FUNCTION identity.revoked_sessions(revoked_since timestamptz, alive_at timestamptz)
    RETURNS TABLE (session_id uuid, expires_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.session_id, r.expires_at FROM identity.session_revocations r
    WHERE r.expires_at > alive_at AND (revoked_since IS NULL OR r.revoked_at >= revoked_since)
$$;
