using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

public sealed class JobShutdownTests
{
    private static async Task<(OmniBotsHostFactory Host, JobProbe Probe)> StartWorkerAsync(
        TestDatabase database, TimeSpan shutdownTimeout, JobProbe? probe = null, RecordedLogs? logs = null, params (string Key, string Value)[] settings)
    {
        probe ??= new JobProbe();
        var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "worker",
            Extra = settings.ToDictionary(s => s.Key, s => (string?)s.Value),
            Services = services =>
            {
                services.AddSingleton(probe);
                services.AddJobHandler<ProbeHandler>(JobProbe.Kind);
                services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
                logs?.AddTo(services);
            },
        });
        await host.StartAsync();
        return (host, probe);
    }

    private static Task<EnqueuedJob> EnqueueAsync(OmniBotsHostFactory host, string mode)
        => host.Services.GetRequiredService<IPlatformJobQueue>().EnqueueAsync(JobsFixture.ProbeJob(mode), "test", CancellationToken.None);

    private static Task<string?> StateAsync(TestDatabase database, long id)
        => database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", id));

    private static Task<int> AttemptsAsync(TestDatabase database, long id)
        => database.ScalarAsync<int>("SELECT attempts FROM platform.jobs WHERE id = @id", ("id", id));

    private static Task WaitForRunAsync(JobProbe probe, long id)
        => Eventually.TrueAsync(() => Task.FromResult(probe.RunsOf(id).Count > 0), TimeSpan.FromSeconds(10), $"job {id} starts");

    [Fact]
    public async Task Stop_LetsARunningJobFinish_WithinTheShutdownTimeout()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Stop_LetsARunningJobFinish_WithinTheShutdownTimeout));
        var (host, probe) = await StartWorkerAsync(database, TimeSpan.FromSeconds(20));
        var job = await EnqueueAsync(host, "block");
        await WaitForRunAsync(probe, job.Id);

        var stopping = host.DisposeAsync().AsTask();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted);
        probe.Gate.SetResult();
        await stopping;

        Assert.Equal(JobStates.Succeeded, await database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task Stop_WhenAJobOutlastsTheShutdownTimeout_ReleasesItToTheQueueWithoutCountingTheAttempt()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Stop_WhenAJobOutlastsTheShutdownTimeout_ReleasesItToTheQueueWithoutCountingTheAttempt));
        var (host, probe) = await StartWorkerAsync(database, TimeSpan.FromSeconds(1));
        var job = await EnqueueAsync(host, "block");
        await WaitForRunAsync(probe, job.Id);

        await host.DisposeAsync();

        Assert.Equal(JobStates.Queued, await database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", job.Id)));
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT attempts FROM platform.jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task Stop_KeepsRenewingTheLeaseOfADrainingJob_SoAnotherWorkerDoesNotRunItAgain()
    {
        // The shutdown timeout is longer than the lease: only renewals keep the job from the other worker's reaper.
        var database = await TestCluster.CreateDatabaseAsync(nameof(Stop_KeepsRenewingTheLeaseOfADrainingJob_SoAnotherWorkerDoesNotRunItAgain));
        var (stopping, probe) = await StartWorkerAsync(database, TimeSpan.FromSeconds(20), settings: ("Jobs:LeaseSeconds", "2"));
        var job = await EnqueueAsync(stopping, "block");
        await WaitForRunAsync(probe, job.Id);
        var (other, _) = await StartWorkerAsync(database, TimeSpan.FromSeconds(5), probe, settings: ("Jobs:LeaseSeconds", "2"));
        await using (other)
        {
            var stop = stopping.DisposeAsync().AsTask();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                Assert.False(stop.IsCompleted);
                Assert.Equal(JobStates.Running, await StateAsync(database, job.Id));
                Assert.Single(probe.RunsOf(job.Id));
            }
            finally
            {
                probe.Gate.TrySetResult();
                await stop;
            }
        }

        Assert.Equal(JobStates.Succeeded, await StateAsync(database, job.Id));
        Assert.Equal(1, await AttemptsAsync(database, job.Id));
        Assert.Single(probe.RunsOf(job.Id));
    }

    [Fact]
    public async Task Stop_WhenACancelledJobEndsWithinTheGrace_WritesItsOutcome()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Stop_WhenACancelledJobEndsWithinTheGrace_WritesItsOutcome));
        var (host, probe) = await StartWorkerAsync(database, TimeSpan.FromSeconds(1), settings: ("Jobs:AbortGraceSeconds", "10"));
        var job = await EnqueueAsync(host, "ignore-cancel");
        await WaitForRunAsync(probe, job.Id);

        var stop = host.DisposeAsync().AsTask();
        // Past the shutdown timeout (cancelled), within the grace.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(stop.IsCompleted);
        probe.Gate.SetResult();
        await stop;

        Assert.Equal(JobStates.Succeeded, await StateAsync(database, job.Id));
        Assert.Equal(1, await AttemptsAsync(database, job.Id));
    }

    [Fact]
    public async Task Stop_WhenACancelledJobOutlastsTheGrace_LeavesItLeased_AndLogsItsDroppedOutcome()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Stop_WhenACancelledJobOutlastsTheGrace_LeavesItLeased_AndLogsItsDroppedOutcome));
        var logs = new RecordedLogs();
        var (host, probe) = await StartWorkerAsync(database, TimeSpan.FromSeconds(1), logs: logs, settings: ("Jobs:AbortGraceSeconds", "1"));
        var job = await EnqueueAsync(host, "ignore-cancel");
        await WaitForRunAsync(probe, job.Id);

        try
        {
            await host.DisposeAsync();

            // Released, it could start elsewhere while this handler still runs.
            Assert.Equal(JobStates.Running, await StateAsync(database, job.Id));
            Assert.Equal(1, await AttemptsAsync(database, job.Id));
            Assert.Contains(logs.All, r => r.Message.Contains("did not end within", StringComparison.Ordinal));
        }
        finally
        {
            probe.Gate.TrySetResult();
        }
        await Eventually.TrueAsync(() => Task.FromResult(logs.Containing($"Job {job.Id} ").Any(r => r.Message.Contains("dropped", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(5), "the late outcome is logged as dropped");
    }

    [Fact]
    public async Task Start_WithAnInvalidQueueConcurrency_FailsNamingTheSetting()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Start_WithAnInvalidQueueConcurrency_FailsNamingTheSetting));
        await using var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Extra = new Dictionary<string, string?> { ["Jobs:Queues:emails:Concurrency"] = "0" },
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);

        Assert.Contains("Jobs:Queues:emails:Concurrency must be between 1 and 1000 (was 0)", error.Message, StringComparison.Ordinal);
    }
}
