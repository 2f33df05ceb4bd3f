-- The ASP.NET Core Data Protection key ring (Secrets/PostgresXmlRepository), shared by every
-- replica so a value protected on one is readable on all. Platform-wide, not tenant-owned: no
-- tenant_id and no row-level security; the application reaches it through the elevated pool only.
-- Rows are only ever added: a key's expiry and revocation are new XML elements, not updates.
CREATE TABLE platform.data_protection_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL,
    xml text NOT NULL,
    created_at timestamptz NOT NULL
);
COMMENT ON TABLE platform.data_protection_keys IS
    'elevated-only: key material; the runtime role must not read it even through a bug';
