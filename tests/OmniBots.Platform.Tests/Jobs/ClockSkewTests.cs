using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

/// <summary>Replicas whose clocks are off still agree on what is due and which leases expired:
/// the queue compares with the database's clock.</summary>
public sealed class ClockSkewTests
{
    private const int LeaseSeconds = 3;

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + skew;
    }

    private static async Task<OmniBotsHostFactory> StartWorkerAsync(TestDatabase database, JobProbe probe, TimeSpan skew)
    {
        var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "worker",
            Time = new SkewedClock(skew),
            Extra = new Dictionary<string, string?> { ["Jobs:LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Services = services =>
            {
                services.AddSingleton(probe);
                services.AddJobHandler<ProbeHandler>(JobProbe.Kind);
            },
        });
        await host.StartAsync();
        return host;
    }

    private static Task<long> InsertDueJobAsync(TestDatabase database, string mode)
        => database.ScalarAsync<long>(
            "INSERT INTO platform.jobs (kind, payload) VALUES (@kind, jsonb_build_object('mode', @mode)) RETURNING id",
            ("kind", JobProbe.Kind), ("mode", mode));

    [Fact]
    public async Task AReplicaWhoseClockIsAnHourAhead_DoesNotReapAJobRunningElsewhere()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(AReplicaWhoseClockIsAnHourAhead_DoesNotReapAJobRunningElsewhere));
        var probe = new JobProbe();
        await using var onTime = await StartWorkerAsync(database, probe, TimeSpan.Zero);
        var id = await InsertDueJobAsync(database, "block");
        await Eventually.TrueAsync(() => Task.FromResult(probe.RunsOf(id).Count > 0), TimeSpan.FromSeconds(10), "the job starts");

        await using var ahead = await StartWorkerAsync(database, probe, TimeSpan.FromHours(1));
        try
        {
            // Several reaps of the replica that is ahead, and more than a lease.
            await Task.Delay(TimeSpan.FromSeconds(LeaseSeconds + 2));

            Assert.Single(probe.RunsOf(id));
            Assert.Equal(JobStates.Running, await database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", id)));
        }
        finally
        {
            probe.Gate.TrySetResult();
        }
        await Eventually.TrueAsync(async () => await database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", id)) == JobStates.Succeeded,
            TimeSpan.FromSeconds(10), "the job succeeds");
        Assert.Single(probe.RunsOf(id));
        Assert.Equal(1, await database.ScalarAsync<int>("SELECT attempts FROM platform.jobs WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task AReplicaWhoseClockIsAnHourBehind_RunsJobsAsSoonAsTheyAreDue()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(AReplicaWhoseClockIsAnHourBehind_RunsJobsAsSoonAsTheyAreDue));
        var probe = new JobProbe();
        await using var behind = await StartWorkerAsync(database, probe, TimeSpan.FromHours(-1));

        var id = await InsertDueJobAsync(database, "ok");

        await Eventually.TrueAsync(async () => await database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", id)) == JobStates.Succeeded,
            TimeSpan.FromSeconds(10), "the job succeeds");
        Assert.True(await database.ScalarAsync<bool>("SELECT finished_at >= started_at AND started_at >= run_at FROM platform.jobs WHERE id = @id", ("id", id)));
    }
}
