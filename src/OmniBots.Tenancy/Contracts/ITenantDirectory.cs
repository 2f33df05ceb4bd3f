namespace OmniBots.Tenancy.Contracts;

/// <summary>What other modules may ask about tenants.</summary>
public interface ITenantDirectory
{
    /// <summary>The tenant, read in the current tenant's scope: another tenant's id answers null.</summary>
    Task<TenantInfo?> FindCurrentAsync(CancellationToken ct);

    /// <summary>Any tenant, through the logged elevated scope (platform administration, jobs).</summary>
    Task<TenantInfo?> FindAsync(Guid tenantId, string reason, CancellationToken ct);
}
