using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;
using OmniBots.Platform.Tests.Jobs;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Scheduling;

public sealed class CronSchedulerTests
{
    private static OmniBotsHostFactory Scheduler(TestDatabase database, string name, JobProbe probe, string cron) => new(database, new HostSettings
    {
        Roles = "worker,scheduler",
        Extra = new Dictionary<string, string?>
        {
            ["Hosting:InstanceName"] = name,
            ["Scheduling:ElectionIntervalSeconds"] = "0.5",
        },
        Services = services =>
        {
            services.AddSingleton(probe);
            services.AddJobHandler<ProbeHandler>(JobProbe.Kind);
            services.AddCronJob("probe", cron, JobProbe.Kind, """{"mode":"ok"}""");
        },
    });

    private static Task<string?> LeaderAsync(TestDatabase database) => database.ScalarAsync<string>("""
        SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """);

    private static async Task<List<(long Id, DateTime Tick, string State, int Attempts)>> CronJobsAsync(TestDatabase database)
    {
        await using var connection = await database.OpenElevatedAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT id, run_at, state, attempts FROM platform.jobs WHERE idempotency_key LIKE 'cron:probe:%' ORDER BY run_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new List<(long, DateTime, string, int)>();
        while (await reader.ReadAsync())
        {
            jobs.Add((reader.GetInt64(0), reader.GetDateTime(1), reader.GetString(2), reader.GetInt32(3)));
        }
        return jobs;
    }

    [Fact]
    public async Task EverySecondCron_OnTwoSchedulers_RunsEachTickOnce_AndTheOtherTakesOverWhenTheLeaderStops()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(EverySecondCron_OnTwoSchedulers_RunsEachTickOnce_AndTheOtherTakesOverWhenTheLeaderStops));
        var probeA = new JobProbe();
        var probeB = new JobProbe();
        var a = Scheduler(database, "sched-a", probeA, "* * * * * ?");
        await using var b = Scheduler(database, "sched-b", probeB, "* * * * * ?");
        await a.StartAsync();
        await b.StartAsync();
        await Eventually.TrueAsync(async () => await LeaderAsync(database) is not null, TimeSpan.FromSeconds(10), "a scheduler leads");
        var first = await LeaderAsync(database);
        var (leader, follower) = first == "omnibots-scheduler:sched-a" ? (a, b) : (b, a);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var beforeTakeover = (await CronJobsAsync(database)).Count;
        await leader.DisposeAsync();
        await Eventually.TrueAsync(async () => (await LeaderAsync(database)) is { } now && now != first,
            TimeSpan.FromSeconds(5), "the other scheduler takes over");
        await Task.Delay(TimeSpan.FromSeconds(3));
        if (follower == a)
        {
            await a.DisposeAsync();
        }

        var jobs = await CronJobsAsync(database);
        Assert.True(beforeTakeover >= 2, $"{beforeTakeover} ticks before the takeover");
        Assert.True(jobs.Count >= beforeTakeover + 2, $"{jobs.Count} ticks in all");
        Assert.Equal(jobs.Count, jobs.Select(j => j.Tick).Distinct().Count());
        Assert.All(jobs.Zip(jobs.Skip(1)), pair => Assert.True(pair.Second.Tick > pair.First.Tick));
        await Eventually.TrueAsync(async () => (await CronJobsAsync(database)).Take(jobs.Count).All(j => j.State == "succeeded"),
            TimeSpan.FromSeconds(10), "every enqueued tick ran");
        foreach (var job in jobs)
        {
            Assert.Equal(1, probeA.RunsOf(job.Id).Count + probeB.RunsOf(job.Id).Count);
        }
    }

    [Fact]
    public async Task Cron_AfterALeaderlessGap_RunsOnlyTheLatestMissedTick()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Cron_AfterALeaderlessGap_RunsOnlyTheLatestMissedTick));
        // A daily cron whose last tick was enqueued five days ago: five ticks were missed since. (Daily,
        // not every minute, so the test cannot straddle the next tick and see a second, legitimate one.)
        await database.ExecuteAsync(
            "INSERT INTO platform.cron_ticks (name, last_tick, updated_by) VALUES ('probe', date_trunc('day', now()) - interval '5 days', 'gone')");
        var probe = new JobProbe();
        await using var host = Scheduler(database, "sched", probe, "0 0 0 * * ?");
        await host.StartAsync();

        await Eventually.TrueAsync(async () => (await CronJobsAsync(database)).Count > 0, TimeSpan.FromSeconds(10), "the missed tick is enqueued");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var job = Assert.Single(await CronJobsAsync(database));
        var latestMidnight = DateTime.UtcNow.Date;
        Assert.True(job.Tick >= latestMidnight.AddDays(-1), $"tick {job.Tick:O} is the latest missed day");
    }
}
