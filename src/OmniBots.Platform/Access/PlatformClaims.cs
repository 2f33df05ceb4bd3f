namespace OmniBots.Platform.Access;

/// <summary>Claim types every authentication scheme of the platform issues, so the tenant context,
/// policies and modules read one vocabulary whatever signed the caller in.</summary>
public static class PlatformClaims
{
    /// <summary>The user (or API key) id.</summary>
    public const string Subject = "sub";

    /// <summary>The caller's tenant; absent for platform staff.</summary>
    public const string TenantId = "tenant_id";

    /// <summary><c>super_admin</c> or <c>partner_admin</c> for platform staff.</summary>
    public const string PlatformRole = "platform_role";

    /// <summary>The partner a partner admin belongs to.</summary>
    public const string PartnerId = "partner_id";

    /// <summary><c>user</c> or <c>api_key</c>: what kind of credential signed the caller in.</summary>
    public const string ActorType = "actor_type";

    /// <summary>One claim per granted permission code (e.g. <c>bots.write</c>).</summary>
    public const string Permission = "perm";

    public const string SuperAdmin = "super_admin";
    public const string PartnerAdmin = "partner_admin";
}

/// <summary>Authorization policies the platform defines.</summary>
public static class PlatformPolicies
{
    /// <summary>Platform-wide operations (jobs, partners): super admins only.</summary>
    public const string PlatformAdmin = "platform-admin";
}
