using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Platform.Scheduling;

/// <summary>
/// What the leader does at each wake-up: for every cron, enqueue its latest due tick once. The tick
/// is recorded in <c>platform.cron_ticks</c> in the same transaction as the job (whose idempotency
/// key names the tick), and only if it is later than the recorded one: two leaders that overlap
/// for a moment, or a new leader after a crash, never enqueue a tick twice. Ticks missed while no
/// one led collapse into the latest one.
/// </summary>
internal sealed class CronTicker(
    IReadOnlyList<CronJob> crons,
    PlatformDatabase database,
    IPlatformJobQueue jobs,
    string instance,
    ILogger logger)
{
    /// <summary>Enqueues due ticks; returns when the next tick of any cron falls due.</summary>
    public async Task<DateTimeOffset?> RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var recorded = await LoadLastTicksAsync(ct);
        DateTimeOffset? wakeAt = null;
        foreach (var cron in crons)
        {
            if (!recorded.TryGetValue(cron.Name, out var last))
            {
                // A new cron starts with the next tick, not with one from before it existed.
                var (current, _) = cron.LatestDue(now - TimeSpan.FromDays(1), now);
                await RecordFirstSightAsync(cron, current ?? now, ct);
                last = current ?? now;
            }
            var (latest, count) = cron.LatestDue(last, now);
            if (latest is { } tick)
            {
                if (count > 1)
                {
                    logger.LogWarning("Cron {Cron}: {Missed} tick(s) were missed while no scheduler led; running only the latest, {Tick:O}",
                        cron.Name, count - 1, tick);
                }
                await EnqueueTickAsync(cron, tick, ct);
            }
            if (cron.NextAfter(now) is { } next && (wakeAt is null || next < wakeAt))
            {
                wakeAt = next;
            }
        }
        return wakeAt;
    }

    public static string IdempotencyKey(string cron, DateTimeOffset tick)
        => $"cron:{cron}:{tick.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";

    private async Task EnqueueTickAsync(CronJob cron, DateTimeOffset tick, CancellationToken ct)
    {
        await using var connection = await database.Elevated.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var advance = new NpgsqlCommand("""
            INSERT INTO platform.cron_ticks (name, last_tick, updated_by) VALUES (@name, @tick, @instance)
            ON CONFLICT (name) DO UPDATE SET last_tick = excluded.last_tick, updated_at = now(), updated_by = excluded.updated_by
            WHERE platform.cron_ticks.last_tick < excluded.last_tick
            """, connection);
        advance.Parameters.AddWithValue("name", cron.Name);
        advance.Parameters.AddWithValue("tick", tick);
        advance.Parameters.AddWithValue("instance", instance);
        if (await advance.ExecuteNonQueryAsync(ct) == 0)
        {
            // Another leader got there first.
            return;
        }
        var definition = cron.Definition;
        var key = IdempotencyKey(cron.Name, tick);
        var job = await jobs.EnqueueAsync(connection, new JobRequest(definition.Kind)
        {
            Payload = definition.Payload,
            Queue = definition.Queue,
            RunAt = tick,
            IdempotencyKey = key,
        }, key, ct);
        await transaction.CommitAsync(ct);
        logger.LogDebug("Cron {Cron} tick {Tick:O} enqueued as job {JobId}", cron.Name, tick, job.Id);
    }

    private async Task RecordFirstSightAsync(CronJob cron, DateTimeOffset tick, CancellationToken ct)
    {
        await using var command = database.Elevated.CreateCommand("""
            INSERT INTO platform.cron_ticks (name, last_tick, updated_by) VALUES (@name, @tick, @instance)
            ON CONFLICT (name) DO NOTHING
            """);
        command.Parameters.AddWithValue("name", cron.Name);
        command.Parameters.AddWithValue("tick", tick);
        command.Parameters.AddWithValue("instance", instance);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<Dictionary<string, DateTimeOffset>> LoadLastTicksAsync(CancellationToken ct)
    {
        await using var command = database.Elevated.CreateCommand("SELECT name, last_tick FROM platform.cron_ticks WHERE name = ANY(@names)");
        command.Parameters.AddWithValue("names", crons.Select(c => c.Name).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return result;
    }
}
