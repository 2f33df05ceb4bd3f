using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Metering;

/// <summary>
/// The hourly cron job (<see cref="Kind"/>, a platform job): recomputes <c>gateway.usage_hourly</c> for every
/// complete hour since one hour before the watermark, from the raw records, and moves the watermark to the
/// start of the current hour. Recomputing (delete + insert in one transaction) makes it idempotent and picks
/// up records that were written late; readers add raw records from the watermark on.
/// </summary>
internal sealed class UsageAggregationHandler(TenantDatabase database, TimeProvider time) : IJobHandler
{
    public const string Kind = "gateway.usage.aggregate";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        await using var connection = await database.OpenElevatedAsync("gateway usage hourly aggregation (all tenants)", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("""
            WITH bounds AS (
                SELECT CASE WHEN aggregated_until = '-infinity' THEN '-infinity'::timestamptz
                            ELSE aggregated_until - interval '1 hour' END AS since
                FROM gateway.usage_watermark WHERE id = 1 FOR UPDATE),
            cleared AS (
                DELETE FROM gateway.usage_hourly h USING bounds b WHERE h.hour >= b.since AND h.hour < @until)
            INSERT INTO gateway.usage_hourly (tenant_id, hour, virtual_key_id, feature, model, status, cached,
                requests, input_tokens, output_tokens, cost_usd, latency_ms_sum)
            SELECT r.tenant_id, date_trunc('hour', r.occurred_at, 'UTC'), r.virtual_key_id, r.feature, r.model, r.status, r.cached,
                count(*), sum(r.input_tokens), sum(r.output_tokens), sum(r.cost_usd), sum(r.latency_ms)
            FROM gateway.usage_records r, bounds b
            WHERE r.occurred_at >= b.since AND r.occurred_at < @until
            GROUP BY 1, 2, 3, 4, 5, 6, 7;
            UPDATE gateway.usage_watermark SET aggregated_until = greatest(aggregated_until, @until) WHERE id = 1;
            """, connection, transaction);
        command.Parameters.AddWithValue("until", until);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
