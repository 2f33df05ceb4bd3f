namespace OmniBots.Platform.Audit;

/// <summary>Records administrative and security-relevant actions (SPEC IAM-6). The actor, tenant,
/// IP, user agent and request id are taken from the current request when there is one.</summary>
public interface IAuditLog
{
    /// <summary>Writes the entry now; an action that must not go unrecorded awaits this before answering.</summary>
    Task RecordAsync(AuditEntry entry, CancellationToken ct);
}

/// <param name="Action">Dotted, lower case: <c>tenant.suspended</c>, <c>user.signed_in</c>.</param>
/// <param name="Result">What happened: success, failure (it went wrong) or denied (not allowed).</param>
public sealed record AuditEntry(string Action, AuditResult Result = AuditResult.Success)
{
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }

    /// <summary>Overrides the tenant of the scope, for platform staff acting on a tenant.</summary>
    public Guid? TenantId { get; init; }

    /// <summary>Overrides the actor of the request (sign-in records the user it signs in).</summary>
    public AuditActor? Actor { get; init; }

    /// <summary>Serialised to JSON. Never put secrets here.</summary>
    public object? Details { get; init; }
}

public enum AuditResult
{
    Success,
    Failure,
    Denied,
}

public sealed record AuditActor(string Type, string? Id, string? Name)
{
    public static AuditActor System(string name) => new("system", null, name);
}
