-- The audit log (SPEC IAM-6): every administrative and security-relevant action, append-only.
-- Tenant entries are isolated by row-level security; platform entries (tenant_id NULL) are
-- visible only to elevated scopes. Nobody may change an entry: UPDATE is refused by a trigger,
-- and DELETE only happens inside platform.purge_tenant_audit() (tenant deletion), which the
-- owner role defines and runs with its rights.
CREATE TABLE platform.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'platform_user', 'system', 'anonymous')),
    actor_id text,
    actor_name text,
    action text NOT NULL CHECK (action ~ '^[a-z0-9_]+(\.[a-z0-9_]+)+$'),
    target_type text,
    target_id text,
    result text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
    ip inet,
    user_agent text,
    request_id text,
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_tenant_time ON platform.audit_log (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_action ON platform.audit_log (tenant_id, action, occurred_at DESC);
SELECT platform.enable_tenant_isolation('platform.audit_log');
COMMENT ON TABLE platform.audit_log IS 'append-only: audit entries are never changed; purged only with their tenant';

CREATE FUNCTION platform.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('omnibots.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON platform.audit_log
    FOR EACH ROW EXECUTE FUNCTION platform.refuse_audit_change();

-- Runs with the owner's rights (SECURITY DEFINER): the only way entries are removed.
CREATE FUNCTION platform.purge_tenant_audit(target uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = platform, pg_temp
AS $$
DECLARE removed bigint;
BEGIN
    PERFORM set_config('omnibots.audit_purge', 'on', true);
    PERFORM set_config('app.tenant_id', target::text, true);
    DELETE FROM platform.audit_log WHERE tenant_id = target;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('omnibots.audit_purge', 'off', true);
    RETURN removed;
END $$;
