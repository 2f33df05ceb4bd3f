using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Platform.Database;

namespace OmniBots.Platform.Jobs.Metrics;

/// <summary>Re-reads queue depth and lag every few seconds for the gauges (in every role: the web
/// role serves the metrics).</summary>
internal sealed class QueueStatsRefresher(
    PlatformDatabase database,
    JobMetrics metrics,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<QueueStatsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.MetricsRefreshSeconds), time);
        do
        {
            try
            {
                metrics.UpdateQueues(await ReadAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Keep the last snapshot; the next tick tries again.
                logger.LogDebug(ex, "Could not refresh the job queue gauges");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<IReadOnlyList<QueueStats>> ReadAsync(CancellationToken ct)
    {
        var stats = options.Value.EffectiveQueues().Keys.ToDictionary(q => q, q => new QueueStats(q, 0, 0), StringComparer.Ordinal);
        await using var command = database.Elevated.CreateCommand("""
            SELECT queue, count(*), now() - min(run_at) FROM platform.jobs
            WHERE state IN ('queued', 'failed') AND run_at <= now()
            GROUP BY queue
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // Due and waiting by the database's clock, which decides what is claimable.
            var lag = reader.GetFieldValue<TimeSpan>(2);
            stats[reader.GetString(0)] = new QueueStats(reader.GetString(0), reader.GetInt64(1), Math.Max(0, lag.TotalSeconds));
        }
        return [.. stats.Values];
    }
}
