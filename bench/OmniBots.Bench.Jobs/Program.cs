using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OmniBots.Bench.Jobs;
using OmniBots.Platform;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

// dotnet run -c Release --project bench/OmniBots.Bench.Jobs [-- --jobs 20000 --samples 500]
var jobCount = Argument("--jobs", 20_000);
var samples = Argument("--samples", 500);
var folder = Path.Combine(Path.GetTempPath(), $"omnibots-bench-{Environment.ProcessId}");
var cluster = new PrivatePostgresCluster(
    new PrivateClusterOptions { DataDirectory = folder, Port = 5499, Ephemeral = false, DatabaseName = "bench" }, NullLogger.Instance);
IHost? host = null;
try
{
    Console.WriteLine($"Private PostgreSQL (fsync on) in {folder}; {Environment.ProcessorCount} cores");
    await cluster.StartAsync(CancellationToken.None);
    await cluster.EnsureRolesAsync(CancellationToken.None);
    await cluster.EnsureDatabaseAsync("bench", PlatformRoles.Owner, CancellationToken.None);

    var probe = new BenchProbe();
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration["Database:ConnectionString"] = cluster.ConnectionString(PlatformRoles.Runtime, "bench");
    builder.Configuration["Database:OwnerConnectionString"] = cluster.ConnectionString(PlatformRoles.Owner, "bench");
    builder.Configuration["Database:ElevatedConnectionString"] = cluster.ConnectionString(PlatformRoles.Elevated, "bench");
    builder.Configuration["Hosting:Roles"] = "worker";
    builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    builder.Services.AddPlatform(builder.Configuration);
    builder.Services.AddSingleton(probe);
    builder.Services.AddJobHandler<NoopHandler>(NoopHandler.Kind);
    host = builder.Build();
    await host.StartAsync();
    // The benchmark arranges and counts across tenants: its own elevated pool, as an operator's tool would.
    await using var database = Npgsql.NpgsqlDataSource.Create(cluster.ConnectionString(PlatformRoles.Elevated, "bench"));
    var platformQueue = host.Services.GetRequiredService<IPlatformJobQueue>();
    // What request code uses: the queue of a scope that belongs to one tenant.
    await using var tenantScope = host.Services.CreateAsyncScope();
    tenantScope.ServiceProvider.GetRequiredService<ITenantContext>().Set(Guid.NewGuid());
    var tenantQueue = tenantScope.ServiceProvider.GetRequiredService<IJobQueue>();

    await ThroughputAsync(200, "warm-up");
    await ThroughputAsync(jobCount, "throughput");
    await LatencyAsync("tenant jobs (IJobQueue)", ct => tenantQueue.EnqueueAsync(new JobRequest(NoopHandler.Kind), ct));
    await LatencyAsync("platform jobs (IPlatformJobQueue)", ct => platformQueue.EnqueueAsync(new JobRequest(NoopHandler.Kind), "bench", ct));

    async Task ThroughputAsync(int count, string label)
    {
        var before = probe.Runs;
        var enqueue = Stopwatch.StartNew();
        await using (var connection = await database.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < count; i++)
            {
                await platformQueue.EnqueueAsync(connection, new JobRequest(NoopHandler.Kind), "bench", CancellationToken.None);
            }
            await transaction.CommitAsync();
        }
        enqueue.Stop();
        // From the commit that makes them visible until every job is written back as succeeded.
        var run = Stopwatch.StartNew();
        while (await SucceededAsync() < before + count + 0L)
        {
            await Task.Delay(10);
        }
        run.Stop();
        if (label != "warm-up")
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Enqueue {count:N0} jobs in one transaction: {enqueue.Elapsed.TotalSeconds:0.00} s ({count / enqueue.Elapsed.TotalSeconds:N0} jobs/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Run and complete {count:N0} no-op jobs: {run.Elapsed.TotalSeconds:0.00} s = {count / run.Elapsed.TotalSeconds:N0} jobs/s"));
        }
    }

    async Task<long> SucceededAsync()
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM platform.jobs WHERE state = 'succeeded'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    async Task LatencyAsync(string label, Func<CancellationToken, Task<EnqueuedJob>> enqueue)
    {
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var started = probe.NextStartAsync();
            var before = Stopwatch.GetTimestamp();
            await enqueue(CancellationToken.None);
            var at = await started.WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(Stopwatch.GetElapsedTime(before, at).TotalMilliseconds);
            // Let the completion write land so each sample starts from idle workers.
            await Task.Delay(5);
        }
        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Enqueue-to-start, {samples} single {label} on idle workers: p50 {P(0.50):0.00} ms, p95 {P(0.95):0.00} ms, p99 {P(0.99):0.00} ms, max {latencies[^1]:0.00} ms"));
    }
}
finally
{
    if (host is not null)
    {
        await host.StopAsync();
        host.Dispose();
    }
    await cluster.StopAsync(CancellationToken.None);
    Directory.Delete(folder, recursive: true);
}

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
