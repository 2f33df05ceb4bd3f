using System.Net;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.ApiKeys;

public sealed class ApiKeyTests(ApiKeyTests.Fixture fixture) : IClassFixture<ApiKeyTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private const string Protected = "/_test/identity/bots";
    private static readonly string[] BotsRead = [Permissions.Bots.Read];
    private static readonly string[] SettingsRead = [Permissions.Settings.Read];
    private static readonly string[] UnknownPermission = ["bots.fly"];

    private async Task<(TestUser Admin, string Token, HttpClient Client)> AdminAsync()
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        return (admin, (await SignInForTokensAsync(client, admin)).AccessToken, client);
    }

    private static async Task<(Guid Id, string Key)> CreateKeyAsync(HttpClient client, string token, string[] permissions, DateTimeOffset? expiresAt = null)
    {
        var created = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/api-keys", token,
            new { name = "CRM sync", permissions, expiresAt }), HttpStatusCode.Created);
        return (created.GetProperty("apiKey").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task CreatedKey_IsShownOnce_AndAuthenticatesWithItsPermissionsOnly()
    {
        var (admin, token, client) = await AdminAsync();

        var (id, key) = await CreateKeyAsync(client, token, [Permissions.Bots.Read]);

        Assert.Matches("^ob_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$", key);
        var list = await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/api-keys", token);
        var listed = Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(key[3..15], listed.GetProperty("prefix").GetString());
        Assert.Equal(admin.Id, listed.GetProperty("createdBy").GetGuid());
        Assert.DoesNotContain(key[16..], await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(key[16..], StringComparison.Ordinal));

        await JsonAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, key), HttpStatusCode.OK);
        await JsonAsync(await SendAsync(client, HttpMethod.Get, Protected, null, r => r.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + key)), HttpStatusCode.OK);
        var me = await JsonAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, "/api/v1/me", key), HttpStatusCode.OK);
        Assert.Equal("api_key", me.GetProperty("kind").GetString());
        Assert.Equal(id, me.GetProperty("apiKey").GetProperty("id").GetGuid());
        Assert.Equal([Permissions.Bots.Read], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Post, Protected, key), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, "/api/v1/api-keys", key), HttpStatusCode.Forbidden);
        Assert.NotNull(await fixture.Database.ScalarAsync<DateTime?>("SELECT last_used_at FROM identity.api_keys WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task RevokedKey_IsRefusedAtOnce()
    {
        var (_, token, client) = await AdminAsync();
        var (id, key) = await CreateKeyAsync(client, token, [Permissions.Bots.Read]);
        await JsonAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, key), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/api-keys/{id}", token)).StatusCode);

        var problem = await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, key), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/api-keys/{id}", token)).StatusCode);
    }

    [Fact]
    public async Task ExpiredKey_IsRefused()
    {
        var (_, token, client) = await AdminAsync();
        var (_, key) = await CreateKeyAsync(client, token, [Permissions.Bots.Read], fixture.Time.GetUtcNow().AddHours(1));
        await JsonAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, key), HttpStatusCode.OK);

        fixture.Time.Advance(TimeSpan.FromHours(2));

        var problem = await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, key), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherTenantsKey_IsNotFound_AndNotListed()
    {
        var (_, token, client) = await AdminAsync();
        var (otherToken, otherClient) = await AdminAsync() is var (_, t, c) ? (t, c) : default;
        var (otherId, otherKey) = await CreateKeyAsync(otherClient, otherToken, [Permissions.Bots.Read]);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/api-keys/{otherId}", token), HttpStatusCode.NotFound);

        Assert.Empty((await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/api-keys", token), HttpStatusCode.OK)).EnumerateArray());
        await JsonAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, otherKey), HttpStatusCode.OK);
    }

    [Fact]
    public async Task KeysCannotGrantMoreThanTheirCreatorHolds_NorMintKeys()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var client = fixture.Host.CreateClient();
        var agent = (await SignInForTokensAsync(client, await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent))).AccessToken;
        var admin = (await SignInForTokensAsync(client, await fixture.Data.CreateUserAsync(tenant))).AccessToken;

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/api-keys", agent, new { name = "x", permissions = BotsRead }), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/api-keys", agent), HttpStatusCode.Forbidden);
        var bad = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/api-keys", admin,
            new { name = "", permissions = UnknownPermission, expiresAt = fixture.Time.GetUtcNow().AddDays(-1) }), HttpStatusCode.BadRequest);
        Assert.Equal(["expiresAt", "name", "permissions"], ErrorFields(bad).Order());
        var (_, key) = await CreateKeyAsync(client, admin, [Permissions.Settings.Write, Permissions.Settings.Read]);
        await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Post, "/api/v1/api-keys", key, new { name = "child", permissions = SettingsRead }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task MalformedAndUnknownKeys_AreRefused()
    {
        var client = fixture.Host.CreateClient();

        await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, "hello"), HttpStatusCode.Unauthorized);
        var unknown = await SendWithApiKeyAsync(client, HttpMethod.Get, Protected, $"ob_abcdefghijkl_{new string('A', 43)}");
        await ProblemAsync(unknown, HttpStatusCode.Unauthorized);
        Assert.Equal("ApiKey", unknown.Headers.WwwAuthenticate.ToString());
    }
}
