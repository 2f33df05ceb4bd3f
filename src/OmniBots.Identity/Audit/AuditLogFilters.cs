using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Audit;

/// <summary>The query string of the audit log endpoints.</summary>
internal sealed record AuditLogFilters(
    DateTimeOffset? From, DateTimeOffset? To, string? Action, string? ActorId, string? TargetType, string? TargetId,
    string? Result, long? Before, int? Limit)
{
    public const int MaxPageSize = 200;
    public const int MaxExportRows = 100_000;
    private static readonly string[] Results = ["success", "failure", "denied"];

    /// <summary>Problems keyed by parameter name; empty when the filters are usable.</summary>
    public Dictionary<string, string[]> Validate(bool export)
    {
        var errors = new Dictionary<string, string[]>();
        if (!export && Limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Must be between 1 and {MaxPageSize}."];
        }
        if (Result is not null && !Results.Contains(Result))
        {
            errors["result"] = ["Must be success, failure or denied."];
        }
        if (From is { } from && To is { } to && to < from)
        {
            errors["to"] = ["Must not be before from."];
        }
        if (Before is <= 0)
        {
            errors["before"] = ["Must be a positive entry id."];
        }
        foreach (var (name, value) in new[] { ("action", Action), ("actorId", ActorId), ("targetType", TargetType), ("targetId", TargetId) })
        {
            if (value is { Length: > 200 })
            {
                errors[name] = ["At most 200 characters."];
            }
        }
        return errors;
    }

    public AuditQuery ToQuery(bool export) => new()
    {
        From = From, To = To, Action = Action, ActorId = ActorId, TargetType = TargetType, TargetId = TargetId, Result = Result,
        Before = Before, Limit = export ? MaxExportRows : Limit ?? 50,
    };
}

internal sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? NextBefore);
