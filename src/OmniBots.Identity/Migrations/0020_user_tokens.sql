-- Single-use tokens mailed to users (SPEC IAM-1): invitations (7 days) and password resets (1 hour).
-- Only the SHA-256 of the secret is stored; used_at makes a token single-use, and issuing a new
-- token of a purpose for a user kills the older ones (the application sets their used_at).
CREATE TABLE identity.user_tokens (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_tokens_user ON identity.user_tokens (tenant_id, user_id, purpose);
SELECT platform.enable_tenant_isolation('identity.user_tokens');

-- A temporary password set by an administrator must be replaced at the next sign-in.
ALTER TABLE identity.users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
-- Same column for staff, so sign-in reads both account tables alike.
ALTER TABLE identity.platform_users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
