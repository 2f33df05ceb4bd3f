using System.Data.Common;
using Microsoft.Extensions.Logging;
using OmniBots.Bots.Common;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Tools;

internal sealed record ToolExecutionRecord(string ToolCode, string Source, bool Success, int? StatusCode, string? Error, long LatencyMs, DateTimeOffset At);

internal sealed record ToolStats(string ToolCode, long Calls, long Errors, double ErrorRate, double? P50LatencyMs, double? P95LatencyMs);

/// <summary>
/// Execution records (TOOL-2): one cheap insert per call (a single row on an indexed append-only table), never failing
/// the call it records; the analytics read them back per tool with percentile_cont.
/// </summary>
internal sealed class ToolExecutions(TenantDatabase db, ITenantContext tenant, TimeProvider time, ILogger<ToolExecutions> logger)
{
    public const int MaxErrorLength = 1000;

    public async Task RecordAsync(string code, string source, bool success, int? status, string? error, long latencyMs)
    {
        try
        {
            // Not the caller's token: a call cancelled by its timeout is still recorded.
            await using var connection = await db.OpenAsync(CancellationToken.None);
            await Sql.ExecuteAsync(connection, null, """
                INSERT INTO bots.tool_executions (tenant_id, tool_code, source, success, status_code, error, latency_ms, created_at)
                VALUES (@tenant, @code, @source, @success, @status, @error, @latency, @at)
                """, CancellationToken.None, ("tenant", tenant.TenantId!.Value), ("code", code), ("source", source), ("success", success),
                ("status", new Typed(status, NpgsqlTypes.NpgsqlDbType.Integer)),
                ("error", new Typed(error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error, NpgsqlTypes.NpgsqlDbType.Text)),
                ("latency", (int)Math.Min(latencyMs, int.MaxValue)), ("at", time.GetUtcNow()));
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "Tool execution of {Tool} not recorded.", code);
        }
    }

    public async Task<IReadOnlyList<ToolExecutionRecord>> RecentAsync(string code, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, """
            SELECT tool_code, source, success, status_code, error, latency_ms, created_at FROM bots.tool_executions
            WHERE tool_code = @code ORDER BY created_at DESC, id DESC LIMIT @limit
            """, Read, ct, ("code", code), ("limit", limit));
    }

    public async Task<IReadOnlyList<ToolStats>> StatsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, """
            SELECT tool_code, count(*), count(*) FILTER (WHERE NOT success),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
            FROM bots.tool_executions WHERE created_at >= @from AND created_at <= @to
            GROUP BY tool_code ORDER BY tool_code
            """, r =>
            {
                var calls = r.GetInt64(1);
                var errors = r.GetInt64(2);
                return new ToolStats(r.GetString(0), calls, errors, calls == 0 ? 0 : Math.Round((double)errors / calls, 4),
                    r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetDouble(4));
            }, ct, ("from", from), ("to", to));
    }

    private static ToolExecutionRecord Read(DbDataReader r)
        => new(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.NullableInt(3), r.NullableString(4), r.GetInt32(5), r.Time(6));
}
