namespace OmniBots.Tenancy.Contracts;

/// <summary>What other modules may ask about tenants.</summary>
public interface ITenantDirectory
{
    /// <summary>The tenant, read in the current tenant's scope: another tenant's id answers null.</summary>
    Task<TenantInfo?> FindCurrentAsync(CancellationToken ct);

    /// <summary>Any tenant, through the logged elevated scope (platform administration, jobs).</summary>
    Task<TenantInfo?> FindAsync(Guid tenantId, string reason, CancellationToken ct);

    /// <summary>Any tenant by its slug, through the logged elevated scope: for sign-in, where the
    /// caller names a tenant before any tenant scope exists.</summary>
    Task<TenantInfo?> FindBySlugAsync(string slug, string reason, CancellationToken ct);
}
