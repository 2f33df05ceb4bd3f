using Npgsql;

namespace OmniBots.Gateway.Metering;

internal sealed record UsageRow(string Group, long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>
/// Usage totals between two instants, grouped: hourly aggregates before the watermark plus raw records from it
/// on (so the last hour is visible before the cron ran). Aggregated hours are matched by their start, so a
/// range that begins or ends inside an aggregated hour counts that whole hour.
/// </summary>
internal static class UsageQuery
{
    public static readonly IReadOnlyList<string> Groupings = ["day", "model", "feature", "key", "tenant"];

    public static string? GroupExpression(string groupBy) => groupBy switch
    {
        "day" => "to_char(date_trunc('day', t, 'UTC'), 'YYYY-MM-DD')",
        "model" => "model",
        "feature" => "feature",
        "key" => "coalesce(virtual_key_id::text, '')",
        "tenant" => "tenant_id::text",
        _ => null,
    };

    /// <summary>On a tenant-confined connection: that tenant only (RLS). On an elevated one: every tenant, or <paramref name="tenantId"/>.</summary>
    public static async Task<IReadOnlyList<UsageRow>> RunAsync(
        NpgsqlConnection connection, DateTimeOffset from, DateTimeOffset to, string groupBy, Guid? tenantId, CancellationToken ct)
    {
        var group = GroupExpression(groupBy) ?? throw new ArgumentException("Unknown grouping.", nameof(groupBy));
        await using var command = new NpgsqlCommand($"""
            WITH w AS (SELECT aggregated_until FROM gateway.usage_watermark WHERE id = 1),
            rows AS (
                SELECT h.tenant_id, h.hour AS t, h.virtual_key_id, h.feature, h.model, h.requests, h.input_tokens, h.output_tokens, h.cost_usd
                FROM gateway.usage_hourly h, w
                WHERE h.hour < w.aggregated_until AND h.hour >= date_trunc('hour', @from::timestamptz, 'UTC') AND h.hour < @to
                UNION ALL
                SELECT r.tenant_id, r.occurred_at, r.virtual_key_id, r.feature, r.model, 1, r.input_tokens, r.output_tokens, r.cost_usd
                FROM gateway.usage_records r, w
                WHERE r.occurred_at >= w.aggregated_until AND r.occurred_at >= @from AND r.occurred_at < @to)
            SELECT {group} AS g, sum(requests)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cost_usd)
            FROM rows WHERE @tenant::uuid IS NULL OR tenant_id = @tenant
            GROUP BY 1 ORDER BY 1
            """, connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)tenantId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<UsageRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new UsageRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDecimal(4)));
        }
        return rows;
    }

    /// <summary>Spend from <paramref name="since"/> on, of the connection's tenant, or of one key.</summary>
    public static async Task<decimal> SpendAsync(NpgsqlConnection connection, DateTimeOffset since, Guid? keyId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            WITH w AS (SELECT aggregated_until FROM gateway.usage_watermark WHERE id = 1)
            SELECT coalesce((SELECT sum(cost_usd) FROM gateway.usage_hourly h, w
                             WHERE h.hour >= @since AND h.hour < w.aggregated_until AND (@key::uuid IS NULL OR h.virtual_key_id = @key)), 0)
                 + coalesce((SELECT sum(cost_usd) FROM gateway.usage_records r, w
                             WHERE r.occurred_at >= greatest(@since, w.aggregated_until) AND (@key::uuid IS NULL OR r.virtual_key_id = @key)), 0)
            """, connection);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)keyId ?? DBNull.Value });
        return (decimal)(await command.ExecuteScalarAsync(ct))!;
    }
}
