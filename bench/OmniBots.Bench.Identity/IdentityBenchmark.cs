using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Bench.Identity;

/// <summary>Entry point (a class, not top-level statements: the host's own <c>Program</c> must stay the only one).</summary>
internal static class IdentityBenchmark
{
    public static async Task Main(string[] args)
    {
        // dotnet bench/OmniBots.Bench.Identity/bin/Release/net10.0/OmniBots.Bench.Identity.dll [--sign-ins 400] [--refreshes 4000] [--requests 20000] [--concurrency 4]
        var signIns = Argument("--sign-ins", 400);
        var refreshes = Argument("--refreshes", 4000);
        var requests = Argument("--requests", 20_000);
        var concurrency = Argument("--concurrency", 4);
        const string Password = "benchmark password 123";
        var folder = Path.Combine(Path.GetTempPath(), $"omnibots-bench-identity-{Environment.ProcessId}");
        var cluster = new PrivatePostgresCluster(
            new PrivateClusterOptions { DataDirectory = folder, Port = 5497, Ephemeral = false, DatabaseName = "bench" }, NullLogger.Instance);
        try
        {
            Console.WriteLine($"Private PostgreSQL (fsync on) in {folder}; {Environment.ProcessorCount} cores");
            await cluster.StartAsync(CancellationToken.None);
            await cluster.EnsureRolesAsync(CancellationToken.None);
            await cluster.EnsureDatabaseAsync("bench", PlatformRoles.Owner, CancellationToken.None);
            await using var host = new BenchHost(cluster, "bench");
            var client = host.CreateClient();
            await host.Services.GetRequiredService<PlatformDatabase>().Ready;

            // One tenant, one tenant admin per worker (different users: no row of one is contended by another).
            var tenant = Guid.NewGuid();
            var emails = Enumerable.Range(0, concurrency).Select(i => $"admin{i}@bench.example.com").ToArray();
            await using (var superuser = new NpgsqlConnection(cluster.ConnectionString(PrivatePostgresCluster.SuperUser, "bench")))
            {
                await superuser.OpenAsync();
                await using var seed = new NpgsqlCommand("""
                    INSERT INTO tenancy.partners (id, name) VALUES (@t, 'Bench');
                    INSERT INTO tenancy.tenants (id, partner_id, name, slug) VALUES (@t, @t, 'Bench', 'bench');
                    """, superuser);
                seed.Parameters.AddWithValue("t", tenant);
                await seed.ExecuteNonQueryAsync();
                await using var scope = host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ITenantProvisioner>().ProvisionAsync(new TenantProvisioningRequest(tenant, tenant, "Bench", "bench"), CancellationToken.None);
                var hash = new PasswordHasher<object>().HashPassword(new object(), Password);
                foreach (var email in emails)
                {
                    await using var user = new NpgsqlCommand("""
                        WITH u AS (INSERT INTO identity.users (tenant_id, email, user_type, status, password_hash) VALUES (@t, @e, 'tenant_admin', 'active', @h) RETURNING id)
                        INSERT INTO identity.user_roles (tenant_id, user_id, role_id) SELECT @t, u.id, r.id FROM u, identity.roles r WHERE r.tenant_id = @t AND r.code = 'tenant_admin'
                        """, superuser);
                    user.Parameters.AddWithValue("t", tenant);
                    user.Parameters.AddWithValue("e", email);
                    user.Parameters.AddWithValue("h", hash);
                    await user.ExecuteNonQueryAsync();
                }
            }

            async Task<JsonElement> SignInAsync(int worker)
            {
                using var response = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { tenant = "bench", email = emails[worker], password = Password, mode = "token" });
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens");
            }

            await Samples.RunAsync("warm-up sign-in", concurrency * 2, concurrency, (w, s) => s.TimeAsync(() => SignInAsync(w)));
            await Samples.RunAsync("Password sign-in (token mode, PBKDF2 hashing included)", signIns, concurrency, (w, s) => s.TimeAsync(() => SignInAsync(w)));

            var chains = new string[concurrency];
            for (var w = 0; w < concurrency; w++)
            {
                chains[w] = (await SignInAsync(w)).GetProperty("refreshToken").GetString()!;
            }
            await Samples.RunAsync("Token refresh (rotation, single use)", refreshes, concurrency, async (w, s) =>
            {
                using var response = await s.TimeAsync(() => client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = chains[w] }));
                response.EnsureSuccessStatusCode();
                chains[w] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString()!;
            });

            // Authorization overhead: one client, one request at a time, alternating so both see the same machine.
            var access = (await SignInAsync(0)).GetProperty("accessToken").GetString()!;
            var anonymous = new Samples("Anonymous endpoint");
            var protectedEndpoint = new Samples("Permission-protected endpoint (bearer token, bots.read)");
            for (var i = 0; i < requests + 2_000; i++)
            {
                var measured = i >= 2_000;
                var a = (measured ? anonymous : new Samples("")).TimeAsync(() => client.GetAsync("/_test/identity/anonymous"));
                (await a).EnsureSuccessStatusCode();
                using var request = new HttpRequestMessage(HttpMethod.Get, "/_test/identity/bots");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
                (await (measured ? protectedEndpoint : new Samples("")).TimeAsync(() => client.SendAsync(request))).EnsureSuccessStatusCode();
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Authorization overhead over {requests:N0} sequential pairs: anonymous p50 {anonymous.Percentile(0.5):0.000} ms, " +
                $"protected p50 {protectedEndpoint.Percentile(0.5):0.000} ms, difference {protectedEndpoint.Percentile(0.5) - anonymous.Percentile(0.5):0.000} ms " +
                $"(p99 {anonymous.Percentile(0.99):0.000} vs {protectedEndpoint.Percentile(0.99):0.000} ms)"));
        }
        finally
        {
            await cluster.StopAsync(CancellationToken.None);
            Directory.Delete(folder, recursive: true);
        }

        int Argument(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }
    }
}
