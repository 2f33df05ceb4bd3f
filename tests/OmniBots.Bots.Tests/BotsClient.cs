using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Bots.Tests;

/// <summary>A signed-in tenant admin and the bots API calls the tests make, each through the real host.</summary>
internal sealed class BotsClient(HttpClient client, string token, TestTenant tenant)
{
    public TestTenant Tenant => tenant;

    public static async Task<BotsClient> SignInAsync(HostFixture fixture, IdentityTestData data, string userType = OmniBots.Identity.Contracts.SystemRoles.TenantAdmin)
    {
        var (tenant, user) = await data.CreateTenantWithUserAsync(userType);
        var client = fixture.Host.CreateClient();
        return new BotsClient(client, (await SignInForTokensAsync(client, user)).AccessToken, tenant);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null)
        => Api.SendAsync(client, method, path, body, request =>
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
        });

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null)
        => await Api.JsonAsync(await SendAsync(method, path, body, ifMatch), expected);

    public async Task<JsonElement> ProblemAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string? ifMatch = null)
        => await Api.ProblemAsync(await SendAsync(method, path, body, ifMatch), expected);

    public async Task<Guid> CreateBotAsync(string name = "Support bot")
        => (await JsonAsync(HttpMethod.Post, "/api/v1/bots", new { name }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Loads the version and saves <paramref name="content"/> over it with its ETag.</summary>
    public async Task<JsonElement> SaveDraftAsync(Guid bot, int number, object content)
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/versions/{number}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag!.ToString();
        return await JsonAsync(HttpMethod.Put, $"/api/v1/bots/{bot}/versions/{number}", content, ifMatch: etag);
    }

    public async Task<JsonElement> ValidateAsync(Guid bot, int number)
        => await JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/{number}/validate");

    public static IReadOnlyList<(string Code, string? Node, string? Edge, string? Setting, string Flow)> Problems(JsonElement result)
        => [.. result.GetProperty("problems").EnumerateArray().Select(p => (
            p.GetProperty("code").GetString()!, p.GetProperty("nodeId").GetString(), p.GetProperty("edgeId").GetString(),
            p.GetProperty("setting").GetString(), p.GetProperty("flow").GetString()!))];
}

internal static class JsonExtensions
{
    public static JsonContent AsJson(this object value) => JsonContent.Create(value);
}
