using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Gateway.Pipeline;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Metering;

/// <summary>
/// Writes usage records off the request path: whatever arrived within <c>UsageFlushMilliseconds</c> (or
/// <c>UsageBatchSize</c> records, whichever comes first) goes in one multi-row insert per tenant, on a
/// tenant-confined connection (row-level security holds; COPY is not allowed on RLS tables). On graceful
/// shutdown the queue is drained. A crash loses what was in memory: at most about one flush interval of calls.
/// </summary>
internal sealed partial class UsageWriter(
    UsageQueue queue, PlatformDatabase database, IOptions<GatewayPipelineOptions> options, ILogger<UsageWriter> logger) : BackgroundService
{
    private const int WriteAttempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.Ready.WaitAsync(stoppingToken);
        var batch = new List<UsageRecord>(options.Value.UsageBatchSize);
        var interval = TimeSpan.FromMilliseconds(options.Value.UsageFlushMilliseconds);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // The first record starts the clock: it waits at most one interval.
                using (var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    window.CancelAfter(interval);
                    await FillAsync(batch, window.Token);
                }
                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: drain below.
        }
        queue.Complete();
        while (queue.Reader.TryRead(out var record))
        {
            batch.Add(record);
            if (batch.Count >= options.Value.UsageBatchSize)
            {
                await WriteAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }
        await WriteAsync(batch, CancellationToken.None);
    }

    private async Task FillAsync(List<UsageRecord> batch, CancellationToken window)
    {
        try
        {
            while (batch.Count < options.Value.UsageBatchSize)
            {
                if (queue.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }
                else if (!await queue.Reader.WaitToReadAsync(window))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
            // The interval is over (or the host stops): write what we have.
        }
    }

    private async Task WriteAsync(List<UsageRecord> batch, CancellationToken ct)
    {
        foreach (var tenant in batch.GroupBy(r => r.TenantId))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await InsertAsync(tenant.Key, tenant.ToList(), ct);
                    break;
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException && attempt < WriteAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    LogLost(ex, tenant.Count(), tenant.Key);
                    break;
                }
            }
        }
    }

    private async Task InsertAsync(Guid tenantId, List<UsageRecord> records, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO gateway.usage_records (tenant_id, virtual_key_id, feature, model, operation, endpoint, provider,
                input_tokens, output_tokens, cost_usd, latency_ms, status, error_kind, cached, occurred_at)
            SELECT @tenant, * FROM unnest(@key, @feature, @model, @operation, @endpoint, @provider,
                @input, @output, @cost, @latency, @status, @error, @cached, @at)
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = records.Select(r => (object?)r.VirtualKeyId ?? DBNull.Value).ToArray() });
        command.Parameters.AddWithValue("feature", records.Select(r => r.Feature).ToArray());
        command.Parameters.AddWithValue("model", records.Select(r => r.Model).ToArray());
        command.Parameters.AddWithValue("operation", records.Select(r => r.Operation).ToArray());
        command.Parameters.Add(new NpgsqlParameter("endpoint", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = records.Select(r => (object?)r.Endpoint ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("provider", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = records.Select(r => (object?)r.Provider ?? DBNull.Value).ToArray() });
        command.Parameters.AddWithValue("input", records.Select(r => r.InputTokens).ToArray());
        command.Parameters.AddWithValue("output", records.Select(r => r.OutputTokens).ToArray());
        command.Parameters.AddWithValue("cost", records.Select(r => r.CostUsd).ToArray());
        command.Parameters.AddWithValue("latency", records.Select(r => r.LatencyMs).ToArray());
        command.Parameters.AddWithValue("status", records.Select(r => r.Status).ToArray());
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = records.Select(r => (object?)r.ErrorKind ?? DBNull.Value).ToArray() });
        command.Parameters.AddWithValue("cached", records.Select(r => r.Cached).ToArray());
        command.Parameters.AddWithValue("at", records.Select(r => r.OccurredAt).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} usage records of tenant {TenantId} could not be written and are lost")]
    private partial void LogLost(Exception error, int count, Guid tenantId);
}
