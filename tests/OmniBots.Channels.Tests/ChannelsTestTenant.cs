using System.Net;
using System.Text.Json;
using OmniBots.Testing;

namespace OmniBots.Channels.Tests;

/// <summary>A tenant, its admin's bearer token and an API key with the given permissions, made through the real API.</summary>
internal sealed record ChannelsTestTenant(TestTenant Tenant, TestUser Admin, string AdminToken, string ApiKey)
{
    public static async Task<ChannelsTestTenant> CreateAsync(IdentityFixture fixture, HttpClient client, params string[] permissions)
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var tokens = await Api.SignInForTokensAsync(client, admin);
        var key = await CreateKeyAsync(client, tokens.AccessToken, permissions);
        return new ChannelsTestTenant(tenant, admin, tokens.AccessToken, key);
    }

    public static async Task<string> CreateKeyAsync(HttpClient client, string adminToken, params string[] permissions)
    {
        var created = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/api-keys", adminToken,
            new { name = "integration", permissions }), HttpStatusCode.Created);
        return created.GetProperty("key").GetString()!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
        => Api.SendWithApiKeyAsync(client, method, path, ApiKey, body);

    public async Task<JsonElement> JsonAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
        => await Api.JsonAsync(await SendAsync(client, method, path, body), expected);
}
