-- Building blocks every module's migrations use for tenant isolation.

-- The tenant of the current unit of work, set per connection by TenantDatabase.
-- NULL when no tenant is set, so every tenant policy matches nothing.
CREATE FUNCTION platform.current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Call once per tenant-owned table: SELECT platform.enable_tenant_isolation('kb.documents');
-- FORCE makes the policy apply to the table owner too; only BYPASSRLS roles see across tenants.
CREATE FUNCTION platform.enable_tenant_isolation(target regclass) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s USING (tenant_id = platform.current_tenant_id()) '
        'WITH CHECK (tenant_id = platform.current_tenant_id())', target);
END $$;
