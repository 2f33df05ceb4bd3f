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
    private static async Task<(OmniBotsHostFactory Host, JobProbe Probe)> StartWorkerAsync(TestDatabase database, TimeSpan shutdownTimeout)
    {
        var probe = new JobProbe();
        var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "worker",
            Services = services =>
            {
                services.AddSingleton(probe);
                services.AddJobHandler<ProbeHandler>(JobProbe.Kind);
                services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
            },
        });
        await host.StartAsync();
        return (host, probe);
    }

    private static Task WaitForRunAsync(JobProbe probe, long id)
        => Eventually.TrueAsync(() => Task.FromResult(probe.RunsOf(id).Count > 0), TimeSpan.FromSeconds(10), $"job {id} starts");

    [Fact]
    public async Task Stop_LetsARunningJobFinish_WithinTheShutdownTimeout()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Stop_LetsARunningJobFinish_WithinTheShutdownTimeout));
        var (host, probe) = await StartWorkerAsync(database, TimeSpan.FromSeconds(20));
        var job = await host.Services.GetRequiredService<IPlatformJobQueue>().EnqueueAsync(JobsFixture.ProbeJob("block"), "test", CancellationToken.None);
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
        var job = await host.Services.GetRequiredService<IPlatformJobQueue>().EnqueueAsync(JobsFixture.ProbeJob("block"), "test", CancellationToken.None);
        await WaitForRunAsync(probe, job.Id);

        await host.DisposeAsync();

        Assert.Equal(JobStates.Queued, await database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", job.Id)));
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT attempts FROM platform.jobs WHERE id = @id", ("id", job.Id)));
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
