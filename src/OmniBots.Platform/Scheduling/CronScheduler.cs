using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Hosting;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Platform.Scheduling;

/// <summary>
/// The scheduler role: every scheduler process tries to become leader; the leader wakes at each
/// tick (and at least every election interval, to confirm it still holds the lock) and enqueues
/// due ticks as jobs. Followers retry the lock every election interval.
/// </summary>
internal sealed class CronScheduler(
    IEnumerable<CronJobDefinition> definitions,
    IOptions<HostingOptions> hosting,
    IOptions<SchedulingOptions> options,
    PlatformDatabase database,
    IPlatformJobQueue jobs,
    Jobs.JobKinds kinds,
    IOptions<Jobs.JobsOptions> jobOptions,
    TimeProvider time,
    ILogger<CronScheduler> logger) : BackgroundService
{
    public const string ApplicationNamePrefix = "omnibots-scheduler:";

    private readonly List<CronJob> _crons = Parse(definitions, kinds, jobOptions.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!hosting.Value.ParsedRoles.HasFlag(ProcessRoles.Scheduler) || _crons.Count == 0)
        {
            return;
        }
        await database.Ready.WaitAsync(stoppingToken);
        var instance = hosting.Value.Instance;
        var interval = TimeSpan.FromSeconds(options.Value.ElectionIntervalSeconds);
        var ticker = new CronTicker(_crons, database, jobs, instance, logger);
        await using var leader = new LeaderLock(new NpgsqlConnectionStringBuilder(database.ElevatedConnectionString)
        {
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = ApplicationNamePrefix + instance,
        }.ConnectionString);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                if (!leader.IsHeld && await leader.TryAcquireAsync(stoppingToken))
                {
                    logger.LogInformation("Scheduler {Instance} is now the leader for {Count} cron job(s)", instance, _crons.Count);
                }
                if (leader.IsHeld)
                {
                    await leader.ConfirmAsync(stoppingToken);
                    var now = time.GetUtcNow();
                    if (await ticker.RunDueAsync(now, stoppingToken) is { } next && next - now < wait)
                    {
                        wait = next - now;
                    }
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                if (leader.IsHeld)
                {
                    logger.LogWarning(ex, "Scheduler {Instance} lost its database connection: leadership given up", instance);
                }
                else
                {
                    logger.LogWarning(ex, "Scheduler {Instance} could not reach the database", instance);
                }
                await leader.ReleaseAsync();
            }
            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Checked when the host starts, not at the first tick.
    private static List<CronJob> Parse(IEnumerable<CronJobDefinition> definitions, Jobs.JobKinds kinds, Jobs.JobsOptions jobOptions)
    {
        var crons = definitions.Select(d => new CronJob(d)).ToList();
        foreach (var cron in crons)
        {
            if (!kinds.Contains(cron.Definition.Kind))
            {
                throw new InvalidOperationException($"Cron job '{cron.Name}' enqueues kind '{cron.Definition.Kind}', which has no job handler.");
            }
            if (!jobOptions.EffectiveQueues().ContainsKey(cron.Definition.Queue))
            {
                throw new InvalidOperationException(
                    $"Cron job '{cron.Name}' uses queue '{cron.Definition.Queue}': add Jobs:Queues:{cron.Definition.Queue}:Concurrency.");
            }
        }
        var duplicate = crons.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Cron job '{duplicate.Key}' is registered more than once.");
        }
        return crons;
    }
}
