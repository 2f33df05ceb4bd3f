using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;

namespace OmniBots.Platform.Tests.Jobs;

/// <summary>A worker host with the probe handler, fast retries and a second queue.</summary>
public sealed class JobsFixture : HostFixture
{
    public JobProbe Probe { get; } = new();
    public RecordedLogs Logs { get; } = new();

    protected override HostSettings Settings => new()
    {
        Roles = "web,worker",
        Extra = new Dictionary<string, string?>
        {
            ["Jobs:RetryBaseSeconds"] = "0.4",
            ["Jobs:Queues:mail:Concurrency"] = "2",
            ["Jobs:MetricsRefreshSeconds"] = "0.2",
        },
        Services = services =>
        {
            services.AddSingleton(Probe);
            Logs.AddTo(services);
            services.AddJobHandler<ProbeHandler>(JobProbe.Kind);
        },
    };

    public IPlatformJobQueue PlatformQueue => Host.Services.GetRequiredService<IPlatformJobQueue>();

    /// <summary>Enqueues as given (a platform job unless the request names a tenant).</summary>
    public Task<EnqueuedJob> EnqueueAsync(JobRequest request) => PlatformQueue.EnqueueAsync(request, "test", CancellationToken.None);

    /// <summary>Enqueues through <see cref="IJobQueue"/> in a scope set to <paramref name="tenant"/>, as request code does.</summary>
    public async Task<EnqueuedJob> EnqueueForTenantAsync(Guid tenant, JobRequest request)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OmniBots.Platform.Tenancy.ITenantContext>().Set(tenant);
        return await scope.ServiceProvider.GetRequiredService<IJobQueue>().EnqueueAsync(request, CancellationToken.None);
    }

    public static JobRequest ProbeJob(string mode = "ok") => new(JobProbe.Kind) { Payload = $$"""{"mode":"{{mode}}"}""" };

    public Task<string?> StateAsync(long id)
        => Database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", id));

    public Task WaitForStateAsync(long id, string state, int seconds = 15)
        => Eventually.TrueAsync(async () => await StateAsync(id) == state, TimeSpan.FromSeconds(seconds), $"job {id} is {state}");

    public static async Task<NpgsqlDataReader> ReadJobAsync(NpgsqlConnection connection, long id)
    {
        var command = new NpgsqlCommand("SELECT state, attempts, last_error, started_at, finished_at, enqueued_at FROM platform.jobs WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader;
    }
}
