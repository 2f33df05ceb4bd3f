using System.Text.Json;
using Npgsql;

namespace OmniBots.Platform.Jobs.Admin;

/// <summary>A job as the admin API shows it.</summary>
internal sealed record JobView(
    long Id,
    Guid? TenantId,
    string Queue,
    string Kind,
    string State,
    int Priority,
    int Attempts,
    int MaxAttempts,
    string? IdempotencyKey,
    JsonElement Payload,
    string? LastError,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset RunAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? LeaseUntil,
    string? LockedBy)
{
    public const string Columns = """
        id, tenant_id, queue, kind, state, priority, attempts, max_attempts, idempotency_key, payload::text,
        last_error, enqueued_at, run_at, started_at, finished_at, lease_until, locked_by
        """;

    public static JobView Read(NpgsqlDataReader r)
    {
        using var payload = JsonDocument.Parse(r.GetString(9));
        return new JobView(
            r.GetInt64(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.IsDBNull(8) ? null : r.GetString(8), payload.RootElement.Clone(),
            r.IsDBNull(10) ? null : r.GetString(10), r.GetFieldValue<DateTimeOffset>(11), r.GetFieldValue<DateTimeOffset>(12),
            Optional(r, 13), Optional(r, 14), Optional(r, 15), r.IsDBNull(16) ? null : r.GetString(16));
    }

    private static DateTimeOffset? Optional(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}

/// <param name="Items">Newest first.</param>
/// <param name="NextBefore">Pass as <c>before</c> for the next page; null on the last page.</param>
internal sealed record JobPage(IReadOnlyList<JobView> Items, long? NextBefore);
