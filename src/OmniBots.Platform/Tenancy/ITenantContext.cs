namespace OmniBots.Platform.Tenancy;

/// <summary>The tenant of the current unit of work (request or job). Scoped: one per request.</summary>
public interface ITenantContext
{
    Guid? TenantId { get; }

    /// <summary>Set once from the authenticated principal (or by the job runner); a second,
    /// different tenant in the same scope is refused.</summary>
    void Set(Guid tenantId);
}

internal sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }

    public void Set(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("A tenant id cannot be empty.", nameof(tenantId));
        }
        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException($"This scope already belongs to tenant {current}.");
        }
        TenantId = tenantId;
    }
}
