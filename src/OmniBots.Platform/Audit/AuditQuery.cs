using System.Net;
using Npgsql;

namespace OmniBots.Platform.Audit;

/// <summary>Filters of an audit log search. Paging is by id: <see cref="Before"/> is the last id seen.</summary>
public sealed record AuditQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Action { get; init; }
    public string? ActorId { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public string? Result { get; init; }
    public long? Before { get; init; }
    public int Limit { get; init; } = 50;
}

public sealed record AuditRecord(
    long Id, Guid? TenantId, DateTimeOffset OccurredAt, string ActorType, string? ActorId, string? ActorName,
    string Action, string? TargetType, string? TargetId, string Result, string? Ip, string? UserAgent, string? RequestId, string Details);

/// <summary>Reads the audit log on a connection the caller chose (tenant-confined, or elevated for platform staff).</summary>
public static class AuditReader
{
    public static async IAsyncEnumerable<AuditRecord> ReadAsync(
        NpgsqlConnection connection, AuditQuery query, Guid? tenantFilter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id, tenant_id, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, result,
                   ip, user_agent, request_id, details::text
            FROM platform.audit_log
            WHERE (@tenant::uuid IS NULL OR tenant_id = @tenant)
              AND (@from::timestamptz IS NULL OR occurred_at >= @from)
              AND (@to::timestamptz IS NULL OR occurred_at < @to)
              AND (@action::text IS NULL OR action = @action OR action LIKE @action || '.%')
              AND (@actor::text IS NULL OR actor_id = @actor)
              AND (@target_type::text IS NULL OR target_type = @target_type)
              AND (@target_id::text IS NULL OR target_id = @target_id)
              AND (@result::text IS NULL OR result = @result)
              AND (@before::bigint IS NULL OR id < @before)
            ORDER BY id DESC
            LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("tenant", (object?)tenantFilter ?? DBNull.Value);
        command.Parameters.AddWithValue("from", (object?)query.From ?? DBNull.Value);
        command.Parameters.AddWithValue("to", (object?)query.To ?? DBNull.Value);
        command.Parameters.AddWithValue("action", (object?)query.Action ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", (object?)query.ActorId ?? DBNull.Value);
        command.Parameters.AddWithValue("target_type", (object?)query.TargetType ?? DBNull.Value);
        command.Parameters.AddWithValue("target_id", (object?)query.TargetId ?? DBNull.Value);
        command.Parameters.AddWithValue("result", (object?)query.Result ?? DBNull.Value);
        command.Parameters.AddWithValue("before", (object?)query.Before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", query.Limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new AuditRecord(
                reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3), NullableString(reader, 4), NullableString(reader, 5), reader.GetString(6),
                NullableString(reader, 7), NullableString(reader, 8), reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<IPAddress>(10).ToString(),
                NullableString(reader, 11), NullableString(reader, 12), reader.GetString(13));
        }
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
