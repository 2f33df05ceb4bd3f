using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Bench.Gateway;

/// <summary>
/// Everything through the real APIs except the tenant row and its admin (seeded as the identity benchmark does):
/// the super admin registers the model, an openai-compatible endpoint on the fast upstream and the route; the tenant
/// admin creates the virtual key the load uses.
/// </summary>
internal static class BenchSetup
{
    private const string TenantPassword = "benchmark tenant password 123";

    public static async Task<string> VirtualKeyAsync(HttpClient http, IServiceProvider services, PrivatePostgresCluster cluster,
        Uri upstream, string adminEmail, string adminPassword)
    {
        var tenant = Guid.NewGuid();
        await using (var superuser = new NpgsqlConnection(cluster.ConnectionString(PrivatePostgresCluster.SuperUser, "bench")))
        {
            await superuser.OpenAsync();
            await using var seed = new NpgsqlCommand("""
                INSERT INTO tenancy.partners (id, name) VALUES (@t, 'Bench');
                INSERT INTO tenancy.tenants (id, partner_id, name, slug) VALUES (@t, @t, 'Bench', 'bench');
                """, superuser);
            seed.Parameters.AddWithValue("t", tenant);
            await seed.ExecuteNonQueryAsync();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ITenantProvisioner>()
                    .ProvisionAsync(new TenantProvisioningRequest(tenant, tenant, "Bench", "bench"), CancellationToken.None);
            }
            await using var user = new NpgsqlCommand("""
                WITH u AS (INSERT INTO identity.users (tenant_id, email, user_type, status, password_hash) VALUES (@t, 'admin@bench.example.com', 'tenant_admin', 'active', @h) RETURNING id)
                INSERT INTO identity.user_roles (tenant_id, user_id, role_id) SELECT @t, u.id, r.id FROM u, identity.roles r WHERE r.tenant_id = @t AND r.code = 'tenant_admin'
                """, superuser);
            user.Parameters.AddWithValue("t", tenant);
            user.Parameters.AddWithValue("h", new PasswordHasher<object>().HashPassword(new object(), TenantPassword));
            await user.ExecuteNonQueryAsync();
        }

        var platform = await SignInAsync(http, null, adminEmail, adminPassword);
        await SendAsync(http, platform, HttpMethod.Post, "/api/v1/admin/gateway/models", new { code = "bench-model", type = "chat" });
        var endpoint = await SendAsync(http, platform, HttpMethod.Post, "/api/v1/admin/gateway/endpoints", new
        {
            name = "fast upstream",
            provider = "openai-compatible",
            baseUrl = upstream.ToString(),
            models = new[] { new { model = "bench-model" } },
        });
        await SendAsync(http, platform, HttpMethod.Put, "/api/v1/admin/gateway/routes/bench-model", new { endpoints = new[] { endpoint.GetProperty("id").GetGuid() } });

        var admin = await SignInAsync(http, "bench", "admin@bench.example.com", TenantPassword);
        var created = await SendAsync(http, admin, HttpMethod.Post, "/api/v1/gateway/keys", new { name = "bench" });
        return created.GetProperty("key").GetString()!;
    }

    private static async Task<string> SignInAsync(HttpClient http, string? tenant, string email, string password)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/v1/auth/sign-in", UriKind.Relative), new { tenant, email, password, mode = "token" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? body.GetProperty("tokens").GetProperty("accessToken").GetString()!
            : throw new InvalidOperationException($"Sign-in as {email} failed: {body}");
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string token, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"{method} {path} failed with {(int)response.StatusCode}: {text}");
    }
}
