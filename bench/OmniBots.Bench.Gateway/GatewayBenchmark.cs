using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Bench.Gateway;

/// <summary>Entry point (a class, not top-level statements: the host's own <c>Program</c> must stay the only one).</summary>
internal static class GatewayBenchmark
{
    private const string AdminEmail = "bench-admin@example.com";
    private const string AdminPassword = "benchmark admin password 123";

    public static async Task Main(string[] args)
    {
        // dotnet bench/OmniBots.Bench.Gateway/bin/Release/net10.0/OmniBots.Bench.Gateway.dll [--seconds 20] [--rate 500] [--workers 32] [--soak-seconds 0] [--soak-rate 1000]
        var seconds = Argument(args, "--seconds", 20);
        var rate = Argument(args, "--rate", 500);
        var workers = Argument(args, "--workers", 32);
        var soakSeconds = Argument(args, "--soak-seconds", 0);
        var soakRate = Argument(args, "--soak-rate", 1000);
        // --profile N: only N seconds of closed-loop load through the gateway (non-streaming, or streaming with
        // --profile-stream 1), for a sampling profiler attached to this process (perf with DOTNET_PerfMapEnabled=1).
        var profileSeconds = Argument(args, "--profile", 0);
        var profileStream = Argument(args, "--profile-stream", 0) == 1;
        var folder = Path.Combine(Path.GetTempPath(), $"omnibots-bench-gateway-{Environment.ProcessId}");
        var cluster = new PrivatePostgresCluster(
            new PrivateClusterOptions { DataDirectory = folder, Port = 5498, Ephemeral = false, DatabaseName = "bench" }, NullLogger.Instance);
        try
        {
            await cluster.StartAsync(CancellationToken.None);
            await cluster.EnsureRolesAsync(CancellationToken.None);
            await cluster.EnsureDatabaseAsync("bench", PlatformRoles.Owner, CancellationToken.None);
            await using var upstream = await FastUpstream.StartAsync();
            await using var host = new BenchHost(cluster, "bench", new Dictionary<string, string?>
            {
                ["Identity:Bootstrap:SuperAdminEmail"] = AdminEmail,
                ["Identity:Bootstrap:SuperAdminPassword"] = AdminPassword,
                ["Hosting:Roles"] = "web,worker,scheduler",
            });
            host.StartServer();
            await host.Services.GetRequiredService<PlatformDatabase>().Ready;
            var gatewayUrl = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = gatewayUrl };
            var key = await BenchSetup.VirtualKeyAsync(http, host.Services, cluster, upstream.BaseUrl, AdminEmail, AdminPassword);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Gateway overhead: {Environment.ProcessorCount} cores, load generator + fast upstream + host in one process; {seconds} s per run"));
            var generator = new LoadGenerator(http);
            if (profileSeconds > 0)
            {
                // BENCH_PROFILE_PATH=/v1/models or /health/live profiles a host baseline instead (GET, no upstream).
                var path = Environment.GetEnvironmentVariable("BENCH_PROFILE_PATH");
                var target = path is null
                    ? new Target("gateway", new Uri(gatewayUrl, "/v1/chat/completions"), key, profileStream)
                    : new Target("baseline", new Uri(gatewayUrl, path), key, Stream: false) { Get = true };
                await generator.ClosedLoopAsync(target, workers, TimeSpan.FromSeconds(Argument(args, "--profile-warmup", 5)), CancellationToken.None);
                using var sampler = Environment.GetEnvironmentVariable("BENCH_ALLOC_TYPES") == "1" ? new AllocationSampler() : null;
                Console.WriteLine($"PROFILE-START pid {Environment.ProcessId}");
                var (allocated, collections) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
                sampler?.Start();
                var profiled = await generator.ClosedLoopAsync(target, workers, TimeSpan.FromSeconds(profileSeconds), CancellationToken.None);
                sampler?.Print(profiled.Latencies.Length);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"PROFILE-END {profiled.Rate:N0}/s, failures {profiled.Failures}; allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)profiled.Latencies.Length:N0} bytes/request (whole process), gen0 GCs {GC.CollectionCount(0) - collections}"));
                var direct = new Target("direct", new Uri(upstream.BaseUrl, "chat/completions"), "sk-direct", profileStream);
                (allocated, collections) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
                var directRun = await generator.ClosedLoopAsync(direct, workers, TimeSpan.FromSeconds(5), CancellationToken.None);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"DIRECT {directRun.Rate:N0}/s; allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)directRun.Latencies.Length:N0} bytes/request, gen0 GCs {GC.CollectionCount(0) - collections}"));
                return;
            }
            foreach (var stream in new[] { false, true })
            {
                var direct = new Target("direct", new Uri(upstream.BaseUrl, "chat/completions"), "sk-direct", stream);
                var gateway = new Target("gateway", new Uri(gatewayUrl, "/v1/chat/completions"), key, stream);
                var kind = stream ? "streaming" : "non-streaming";
                // Warm-up: JIT, connection pools, caches.
                await generator.FixedRateAsync(direct, rate, TimeSpan.FromSeconds(3), CancellationToken.None);
                await generator.FixedRateAsync(gateway, rate, TimeSpan.FromSeconds(3), CancellationToken.None);
                var d = await generator.FixedRateAsync(direct, rate, TimeSpan.FromSeconds(seconds), CancellationToken.None);
                var g = await generator.FixedRateAsync(gateway, rate, TimeSpan.FromSeconds(seconds), CancellationToken.None);
                Report.Compare($"{kind} at {rate} req/s", d, g);
                var dMax = await generator.ClosedLoopAsync(direct, workers, TimeSpan.FromSeconds(seconds), CancellationToken.None);
                var gMax = await generator.ClosedLoopAsync(gateway, workers, TimeSpan.FromSeconds(seconds), CancellationToken.None);
                Report.Compare($"{kind} at the highest rate ({workers} closed-loop workers)", dMax, gMax);
            }
            // Where the gateway's time goes: the host's pipeline alone (no auth), and /v1 with key auth but no upstream call.
            var live = await generator.ClosedLoopAsync(new Target("live", new Uri(gatewayUrl, "/health/live"), key, Stream: false) { Get = true }, workers, TimeSpan.FromSeconds(seconds), CancellationToken.None);
            var models = await generator.ClosedLoopAsync(new Target("models", new Uri(gatewayUrl, "/v1/models"), key, Stream: false) { Get = true }, workers, TimeSpan.FromSeconds(seconds), CancellationToken.None);
            Report.Compare("host baselines at the highest rate: GET /health/live vs GET /v1/models (virtual key, no upstream)", live, models);
            if (soakSeconds > 0)
            {
                await Report.SoakAsync(generator, new Target("gateway", new Uri(gatewayUrl, "/v1/chat/completions"), key, Stream: false), soakRate, TimeSpan.FromSeconds(soakSeconds));
            }
        }
        finally
        {
            await cluster.StopAsync(CancellationToken.None);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
