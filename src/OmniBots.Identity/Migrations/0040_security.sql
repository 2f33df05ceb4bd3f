-- Security events and the sign-in detections behind them (SPEC SEC-1, account and IP side).

-- A detection's outcome, owned by the tenant whose account or allowlist it concerns, so tenant
-- security staff list and resolve only their own.
CREATE TABLE identity.security_events (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    type text NOT NULL CHECK (type IN ('brute_force', 'credential_stuffing', 'impossible_travel', 'ip_not_allowed')),
    severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    risk_score integer NOT NULL CHECK (risk_score BETWEEN 0 AND 100),
    ip inet,
    -- No foreign key: an event may name an email that has no account (stuffing, brute force on a guess).
    user_id uuid,
    account text CHECK (length(account) <= 254),
    action text NOT NULL CHECK (action IN ('alert', 'block', 'rate_limit', 'lock')),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    details jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by uuid,
    resolution_note text CHECK (length(resolution_note) <= 1000)
);
CREATE INDEX security_events_tenant ON identity.security_events (tenant_id, created_at DESC);
SELECT platform.enable_tenant_isolation('identity.security_events');

-- Events with no tenant: attacks on platform staff sign-in, or credential stuffing from an IP
-- against tenant slugs that do not exist. Only super admins see them (through the elevated scope).
CREATE TABLE identity.platform_security_events (LIKE identity.security_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE identity.platform_security_events DROP COLUMN tenant_id, ADD PRIMARY KEY (id);
CREATE INDEX platform_security_events_created ON identity.platform_security_events (created_at DESC);
COMMENT ON TABLE identity.platform_security_events IS
    'elevated-only: security events that concern no tenant (staff sign-in, unknown tenants)';

-- Every sign-in attempt, kept two days: the sliding windows of the detections are counted here so
-- that every replica sees the same counts. Attempts span tenants (one IP stuffing many tenants),
-- so the table is elevated-only and request code reaches it through the logged elevated scope.
CREATE TABLE identity.sign_in_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    -- No tenant_id column: the table is not tenant-owned (a column of that name would make it so).
    -- tenant slug (or '-' for staff) + lower-case email: counts failures whether the account exists or not.
    account_key text NOT NULL,
    user_id uuid,
    ip inet,
    outcome text NOT NULL,
    latitude double precision,
    longitude double precision
);
CREATE INDEX sign_in_attempts_account ON identity.sign_in_attempts (account_key, at);
CREATE INDEX sign_in_attempts_ip ON identity.sign_in_attempts (ip, at);
CREATE INDEX sign_in_attempts_user ON identity.sign_in_attempts (user_id, at) WHERE outcome = 'succeeded';
COMMENT ON TABLE identity.sign_in_attempts IS
    'elevated-only: sign-in attempts across tenants, counted by the brute force and credential stuffing detections';

-- Account locks (key = account_key) and IP blocks (key = the address), each with its end.
CREATE TABLE identity.sign_in_blocks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('account', 'ip')),
    key text NOT NULL,
    created_at timestamptz NOT NULL,
    until timestamptz NOT NULL
);
CREATE INDEX sign_in_blocks_key ON identity.sign_in_blocks (kind, key, until DESC);
COMMENT ON TABLE identity.sign_in_blocks IS
    'elevated-only: account locks and IP blocks span tenants (an IP is blocked for every tenant)';

-- Per-tenant detection thresholds; a tenant without a row uses the defaults (SPEC SEC-1).
CREATE TABLE identity.security_rules (
    tenant_id uuid NOT NULL PRIMARY KEY,
    rules jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid
);
SELECT platform.enable_tenant_isolation('identity.security_rules');

-- IP → location, imported from a GeoLite2-style CSV pair; longest prefix wins.
CREATE TABLE identity.geoip_networks (
    network cidr NOT NULL PRIMARY KEY,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    country_iso_code text,
    city_name text
);
CREATE INDEX geoip_networks_network ON identity.geoip_networks USING gist (network inet_ops);
COMMENT ON TABLE identity.geoip_networks IS
    'platform: public geolocation reference data, the same for every tenant';
