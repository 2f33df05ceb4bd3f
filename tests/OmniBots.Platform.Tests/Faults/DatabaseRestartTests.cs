using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tests.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Faults;

/// <summary>PostgreSQL restarted under a running host: readiness goes red, then green, with no host restart.</summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omnibots-restart-tests", Guid.NewGuid().ToString("N")[..12]);
    private PrivatePostgresCluster _cluster = null!;
    private OmniBotsHostFactory _host = null!;
    private readonly JobProbe _probe = new();

    public async Task InitializeAsync()
    {
        _cluster = new PrivatePostgresCluster(
            new PrivateClusterOptions { DataDirectory = _folder, Port = 5440, Ephemeral = true }, NullLogger.Instance);
        await _cluster.StartAsync(CancellationToken.None);
        await _cluster.EnsureRolesAsync(CancellationToken.None);
        await _cluster.EnsureDatabaseAsync("restart", PlatformRoles.Owner, CancellationToken.None);
        _host = new OmniBotsHostFactory(new TestDatabase(_cluster, "restart"), new HostSettings
        {
            Extra = new Dictionary<string, string?> { ["Jobs:RetryBaseSeconds"] = "0.5" },
            Services = services =>
            {
                services.AddSingleton(_probe);
                services.AddJobHandler<ProbeHandler>(JobProbe.Kind);
            },
        });
        await _host.StartAsync();
    }

    [Fact]
    public async Task PostgresRestart_ReadinessGoesRedThenGreen_WithoutRestartingTheHost()
    {
        var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        await _cluster.StopAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);

        await _cluster.StartAsync(CancellationToken.None);
        Assert.True(await EventuallyReadyAsync(client), "readiness did not return to 200 within 15 s of PostgreSQL coming back");
    }

    [Fact]
    public async Task PostgresRestart_LosesNoQueuedJob_AndWorkersCarryOn()
    {
        var queue = _host.Services.GetRequiredService<IPlatformJobQueue>();
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        var jobs = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            jobs.Add((await queue.EnqueueAsync(JobsFixture.ProbeJob() with { RunAt = due }, "test", CancellationToken.None)).Id);
        }

        await _cluster.StopAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the jobs fall due while PostgreSQL is down
        await _cluster.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(async () => await _host.Database.ScalarAsync<long>(
                "SELECT count(*) FROM platform.jobs WHERE id = ANY(@ids) AND state = 'succeeded'", ("ids", jobs.ToArray())) == jobs.Count,
            TimeSpan.FromSeconds(30), "every job queued before the restart succeeded after it");
        Assert.All(jobs, id => Assert.Single(_probe.RunsOf(id)));
    }

    private static async Task<bool> EventuallyReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _cluster.StopAsync(CancellationToken.None);
        Directory.Delete(_folder, recursive: true);
    }
}
