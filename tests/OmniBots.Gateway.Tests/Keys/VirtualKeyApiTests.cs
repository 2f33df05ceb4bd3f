using System.Net;
using OmniBots.Gateway.Tests.Pipeline;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.Keys;

public sealed class VirtualKeyApiTests(VirtualKeyApiTests.Fixture fixture) : IClassFixture<VirtualKeyApiTests.Fixture>
{
    public sealed class Fixture : GatewayApiFixture;

    private static readonly string[] MiniOnly = ["gpt-4o-mini"];

    [Fact]
    public async Task A_created_key_is_shown_once_stored_as_a_hash_and_listed_without_its_secret()
    {
        var (tenant, token) = await fixture.AdminAsync();

        var created = await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Post, "/api/v1/gateway/keys", token, new
        {
            name = "support bot", allowedModels = MiniOnly, rpmLimit = 60, tpmLimit = 10000,
            monthlySoftBudgetUsd = 5m, monthlyHardBudgetUsd = 10m, expiresAt = DateTimeOffset.UtcNow.AddDays(30),
        }), HttpStatusCode.Created);
        var secret = created.GetProperty("key").GetString()!;
        var list = await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Get, "/api/v1/gateway/keys", token), HttpStatusCode.OK);

        Assert.StartsWith("obk-", secret, StringComparison.Ordinal);
        Assert.Equal(59, secret.Length);
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal("support bot", listed.GetProperty("name").GetString());
        Assert.Equal(60, listed.GetProperty("rpmLimit").GetInt32());
        Assert.DoesNotContain(secret[16..], list.GetRawText(), StringComparison.Ordinal);
        var stored = await fixture.Database.ScalarAsync<byte[]>("SELECT secret_hash FROM gateway.virtual_keys WHERE tenant_id = @t", ("t", tenant.Id));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret[16..])), stored);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var (_, token) = await fixture.AdminAsync();
        var (id, key) = await fixture.CreateKeyAsync(token);
        await JsonAsync(await fixture.V1Async(key, HttpMethod.Get, "/v1/models"), HttpStatusCode.OK);

        await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Delete, $"/api/v1/gateway/keys/{id}", token), HttpStatusCode.NoContent);

        var refused = await JsonAsync(await fixture.V1Async(key, HttpMethod.Get, "/v1/models"), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_api_key", refused.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token, new { name = "short", expiresAt = fixture.Time.GetUtcNow().AddMinutes(5) });
        await JsonAsync(await fixture.V1Async(key, HttpMethod.Get, "/v1/models"), HttpStatusCode.OK);

        fixture.Time.Advance(TimeSpan.FromMinutes(6));

        await JsonAsync(await fixture.V1Async(key, HttpMethod.Get, "/v1/models"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Invalid_keys_are_refused_naming_the_field()
    {
        var (_, token) = await fixture.AdminAsync();

        var problem = await ProblemAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Post, "/api/v1/gateway/keys", token,
            new { name = "", rpmLimit = 0, monthlyHardBudgetUsd = -1m }), HttpStatusCode.BadRequest);

        Assert.Equal(["monthlyHardBudgetUsd", "name", "rpmLimit"], ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_tenant_cannot_see_or_revoke_another_tenants_keys()
    {
        var (_, tokenA) = await fixture.AdminAsync();
        var (_, tokenB) = await fixture.AdminAsync();
        var (idA, keyA) = await fixture.CreateKeyAsync(tokenA);

        var listB = await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Get, "/api/v1/gateway/keys", tokenB), HttpStatusCode.OK);
        Assert.Empty(listB.EnumerateArray());
        await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Delete, $"/api/v1/gateway/keys/{idA}", tokenB), HttpStatusCode.NotFound);
        await JsonAsync(await fixture.V1Async(keyA, HttpMethod.Get, "/v1/models"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Settings_round_trip_and_are_validated()
    {
        var (_, token) = await fixture.AdminAsync();
        var client = fixture.Host.CreateClient();

        var initial = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/gateway/settings", token), HttpStatusCode.OK);
        await fixture.PutSettingsAsync(token, new { rpmLimit = 100, cacheEnabled = true, cacheTtlSeconds = 60 });
        var saved = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/gateway/settings", token), HttpStatusCode.OK);
        var problem = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Put, "/api/v1/gateway/settings", token, new { cacheTtlSeconds = 0 }), HttpStatusCode.BadRequest);

        Assert.False(initial.GetProperty("cacheEnabled").GetBoolean());
        Assert.Equal(100, saved.GetProperty("rpmLimit").GetInt32());
        Assert.True(saved.GetProperty("cacheEnabled").GetBoolean());
        Assert.Equal(60, saved.GetProperty("cacheTtlSeconds").GetInt32());
        Assert.Equal(["cacheTtlSeconds"], ErrorFields(problem));
    }
}
