using System.Net;
using System.Text.Json;
using Npgsql;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Bots.Tests;

public sealed class SecretTests(SecretTests.Fixture fixture) : IClassFixture<SecretTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task Secrets_AreWriteOnly_ProtectedAtRest_AndAudited()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        const string value = "sk-live-very-secret-1234";
        var response = await api.SendAsync(HttpMethod.Put, "/api/v1/secrets/ORDERS_API_TOKEN", new { value, description = "Shop API" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        Assert.Equal(["name", "description", "updatedAt"], JsonDocument.Parse(text).RootElement.EnumerateObject().Select(p => p.Name));

        var updated = await api.JsonAsync(HttpMethod.Put, "/api/v1/secrets/ORDERS_API_TOKEN", new { description = "Shop API v2" });
        Assert.Equal("Shop API v2", updated.GetProperty("description").GetString());
        var list = await (await api.SendAsync(HttpMethod.Get, "/api/v1/secrets")).Content.ReadAsStringAsync();
        Assert.Contains("ORDERS_API_TOKEN", list, StringComparison.Ordinal);
        Assert.DoesNotContain(value, list, StringComparison.Ordinal);
        // A description-only update keeps the value, and a turn of the tenant reads it decrypted.
        Assert.Equal(value, (await ToolHelpers.EnvAsync(fixture, api.Tenant.Id))["ORDERS_API_TOKEN"]);

        await using (var db = await fixture.Database.OpenSuperuserAsync())
        {
            await using var stored = new NpgsqlCommand("SELECT protected_value FROM bots.secrets WHERE tenant_id = @t", db);
            stored.Parameters.AddWithValue("t", api.Tenant.Id);
            var ciphertext = (string)(await stored.ExecuteScalarAsync())!;
            Assert.DoesNotContain(value, ciphertext, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/v1/secrets/ORDERS_API_TOKEN")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "/api/v1/secrets/ORDERS_API_TOKEN")).StatusCode);

        await using var audit = await fixture.Database.OpenSuperuserAsync();
        await using var command = new NpgsqlCommand(
            "SELECT action, details::text FROM platform.audit_log WHERE tenant_id = @t AND target_type = 'secret' ORDER BY id", audit);
        command.Parameters.AddWithValue("t", api.Tenant.Id);
        var entries = new List<(string Action, string Details)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                entries.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        Assert.Equal(["secret.created", "secret.updated", "secret.deleted"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.DoesNotContain(value, e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadNamesAndMissingValues_AreRefused_NamingTheField()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var badName = await api.ProblemAsync(HttpMethod.Put, "/api/v1/secrets/orders_key", new { value = "x" }, HttpStatusCode.BadRequest);
        Assert.Equal(["name"], Api.ErrorFields(badName));
        var noValue = await api.ProblemAsync(HttpMethod.Put, "/api/v1/secrets/NEW_KEY", new { description = "no value yet" }, HttpStatusCode.BadRequest);
        Assert.Equal(["value"], Api.ErrorFields(noValue));
        var emptyValue = await api.ProblemAsync(HttpMethod.Put, "/api/v1/secrets/NEW_KEY", new { value = "" }, HttpStatusCode.BadRequest);
        Assert.Equal(["value"], Api.ErrorFields(emptyValue));
        Assert.Empty((await api.JsonAsync(HttpMethod.Get, "/api/v1/secrets")).EnumerateArray());
    }

    [Fact]
    public async Task ChangedSecrets_ReachTheNextTurn_AtOnce()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.PutSecretAsync("WEBHOOK_KEY", "first-value");
        Assert.Equal("first-value", (await ToolHelpers.EnvAsync(fixture, api.Tenant.Id))["WEBHOOK_KEY"]);

        await api.JsonAsync(HttpMethod.Put, "/api/v1/secrets/WEBHOOK_KEY", new { value = "second-value" });
        await Eventually.TrueAsync(async () => (await ToolHelpers.EnvAsync(fixture, api.Tenant.Id)).GetValueOrDefault("WEBHOOK_KEY") == "second-value",
            TimeSpan.FromSeconds(10), "the change announcement drops the cached secrets");
        await api.SendAsync(HttpMethod.Delete, "/api/v1/secrets/WEBHOOK_KEY");
        await Eventually.TrueAsync(async () => !(await ToolHelpers.EnvAsync(fixture, api.Tenant.Id)).ContainsKey("WEBHOOK_KEY"),
            TimeSpan.FromSeconds(10), "a deleted secret is gone from the next turn");
    }

    [Fact]
    public async Task TenantB_CannotSeeOrChange_TenantASecrets()
    {
        var a = await BotsClient.SignInAsync(fixture, fixture.Data);
        var b = await BotsClient.SignInAsync(fixture, fixture.Data);
        await a.PutSecretAsync("SHARED_NAME", "value-of-a");
        Assert.Empty((await b.JsonAsync(HttpMethod.Get, "/api/v1/secrets")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Get, "/api/v1/secrets/SHARED_NAME")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Delete, "/api/v1/secrets/SHARED_NAME")).StatusCode);
        await b.PutSecretAsync("SHARED_NAME", "value-of-b");
        Assert.Equal("value-of-a", (await ToolHelpers.EnvAsync(fixture, a.Tenant.Id))["SHARED_NAME"]);
        Assert.Equal("value-of-b", (await ToolHelpers.EnvAsync(fixture, b.Tenant.Id))["SHARED_NAME"]);
    }

    [Fact]
    public async Task AViewer_CannotWriteSecrets()
    {
        var viewer = await BotsClient.SignInAsync(fixture, fixture.Data, OmniBots.Identity.Contracts.SystemRoles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SendAsync(HttpMethod.Put, "/api/v1/secrets/ANY_KEY", new { value = "x" })).StatusCode);
    }
}
