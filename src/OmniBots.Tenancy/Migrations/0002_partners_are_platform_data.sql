-- Declares what partners are, for the isolation test that requires every module table to be
-- tenant-isolated or declared: partners are platform data, visible only to elevated scopes
-- (row-level security is forced and no policy grants them to a tenant scope).
COMMENT ON TABLE tenancy.partners IS 'platform: partners belong to the platform, not to a tenant';
