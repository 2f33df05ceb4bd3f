-- Multi-factor authentication for tenant users (SPEC IAM-3). Every table is tenant-owned and
-- keyed with tenant_id, so MFA state can never be read or reset across tenants.

-- One TOTP authenticator per user. The shared secret is protected with the tenant's secret
-- protector (it must be read back to check codes, so it cannot be hashed). confirmed_at is NULL
-- while the enrolment awaits its first code. last_step is the last accepted 30 s time step: a code
-- is accepted only for a later step, so each code works once.
CREATE TABLE identity.mfa_totp (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    secret text NOT NULL,
    created_at timestamptz NOT NULL,
    confirmed_at timestamptz,
    last_step bigint,
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('identity.mfa_totp');

-- Single-use recovery codes, SHA-256 of 80 random bits each.
CREATE TABLE identity.mfa_recovery_codes (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    code_hash bytea NOT NULL,
    created_at timestamptz NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (tenant_id, user_id, code_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('identity.mfa_recovery_codes');

-- The short-lived proof that a password was right, exchanged for a session once the second factor
-- (purpose 'verify') or a forced enrolment (purpose 'enrol') is done. Stored as SHA-256; single use;
-- at most 5 wrong codes.
CREATE TABLE identity.mfa_tickets (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    purpose text NOT NULL CHECK (purpose IN ('verify', 'enrol')),
    mode text NOT NULL CHECK (mode IN ('cookie', 'token')),
    security_stamp uuid NOT NULL,
    idle_timeout_minutes integer NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    failures integer NOT NULL DEFAULT 0,
    used_at timestamptz,
    FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('identity.mfa_tickets');

-- Devices that skip the MFA step for 30 days: SHA-256 of a 256-bit device token.
CREATE TABLE identity.mfa_trusted_devices (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    user_agent text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at timestamptz,
    FOREIGN KEY (tenant_id, user_id) REFERENCES identity.users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX mfa_trusted_devices_user ON identity.mfa_trusted_devices (tenant_id, user_id);
SELECT platform.enable_tenant_isolation('identity.mfa_trusted_devices');
