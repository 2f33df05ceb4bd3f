using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Routing;
using OmniBots.Testing.Identity;
using OpenAI;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.Pipeline;

/// <summary>
/// The real host on a fresh database whose registry routes <c>gpt-4o-mini</c>, <c>gpt-4o</c> and <c>text-embedding-3-small</c> to a
/// <see cref="FakeOpenAiServer"/> (set up through the platform admin API), both priced at
/// <see cref="InputPerMillion"/>/<see cref="OutputPerMillion"/> USD so budgets have something to count, and usage
/// written every 50 ms.
/// </summary>
public class GatewayApiFixture : IdentityFixture, IAsyncLifetime
{
    public const decimal InputPerMillion = 1000m;
    public const decimal OutputPerMillion = 2000m;
    private FakeOpenAiServer? _upstream;

    public FakeOpenAiServer Upstream => _upstream ?? throw new InvalidOperationException("Not started.");

    /// <summary>The fake's default reply (11 prompt + 7 completion tokens) at the fixture's prices.</summary>
    public static decimal DefaultCallCost => (11 * InputPerMillion + 7 * OutputPerMillion) / 1_000_000m;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Gateway:Pipeline:UsageFlushMilliseconds"] = "50",
        // One try per endpoint and no breaker trips: these tests script upstream errors and expect to see each one.
        ["Gateway:Routing:MaxAttemptsPerEndpoint"] = "1",
        ["Gateway:Routing:Breaker:ConsecutiveFailures"] = "1000",
        ["Gateway:Pipeline:BudgetRefreshSeconds"] = "3600",
    };

    public new async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiServer.StartAsync();
        await base.InitializeAsync();
        await RouteToUpstreamAsync();
    }

    private async Task RouteToUpstreamAsync()
    {
        using var platform = Host.CreateClientForPlatformAdmin();
        var models = new[] { ("gpt-4o-mini", "chat"), ("gpt-4o", "chat"), ("text-embedding-3-small", "embeddings") };
        foreach (var (code, type) in models)
        {
            await JsonAsync(await platform.PostAsJsonAsync(new Uri("/api/v1/admin/gateway/models", UriKind.Relative), new { code, type }), HttpStatusCode.Created);
            await JsonAsync(await platform.PostAsJsonAsync(new Uri($"/api/v1/admin/gateway/models/{code}/prices", UriKind.Relative),
                new { validFrom = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1), inputPerMillion = InputPerMillion, outputPerMillion = OutputPerMillion }), HttpStatusCode.Created);
        }
        var endpoint = await JsonAsync(await platform.PostAsJsonAsync(new Uri("/api/v1/admin/gateway/endpoints", UriKind.Relative), new
        {
            name = "fake upstream",
            provider = "openai",
            baseUrl = Upstream.BaseUrl.ToString(),
            credentials = new Dictionary<string, string> { ["api_key"] = FakeOpenAiServer.ApiKey },
            models = models.Select(m => new { model = m.Item1, upstreamName = m.Item1 }).ToArray(),
        }), HttpStatusCode.Created);
        var id = endpoint.GetProperty("id").GetGuid();
        foreach (var (code, _) in models)
        {
            await JsonAsync(await platform.PutAsJsonAsync(new Uri($"/api/v1/admin/gateway/routes/{code}", UriKind.Relative), new { endpoints = new[] { id } }), HttpStatusCode.OK);
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }

    /// <summary>A tenant with a signed-in admin: (tenant, bearer token).</summary>
    public async Task<(TestTenant Tenant, string Token)> AdminAsync()
    {
        var (tenant, user) = await Data.CreateTenantWithUserAsync();
        return (tenant, await SignInAsync(user));
    }

    /// <summary>A fresh access token (after the clock moved past the last one's lifetime).</summary>
    public async Task<string> SignInAsync(TestUser user) => (await SignInForTokensAsync(Host.CreateClient(), user)).AccessToken;

    /// <summary>Creates a virtual key through the admin API; returns its id and secret.</summary>
    public async Task<(Guid Id, string Key)> CreateKeyAsync(string token, object? body = null)
    {
        var created = await JsonAsync(await SendWithBearerAsync(Host.CreateClient(), HttpMethod.Post, "/api/v1/gateway/keys", token,
            body ?? new { name = "test key" }), HttpStatusCode.Created);
        return (created.GetProperty("virtualKey").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    public async Task PutSettingsAsync(string token, object settings)
        => await JsonAsync(await SendWithBearerAsync(Host.CreateClient(), HttpMethod.Put, "/api/v1/gateway/settings", token, settings), HttpStatusCode.OK);

    /// <summary>The official OpenAI .NET SDK, talking to the test host with this virtual key, without retries.</summary>
    public OpenAIClient OpenAi(string key) => new(new ApiKeyCredential(key), new OpenAIClientOptions
    {
        Endpoint = new Uri("http://localhost/v1"),
        Transport = new HttpClientPipelineTransport(Host.CreateClient()),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    /// <summary>A raw /v1 request, for headers and error bodies.</summary>
    public Task<HttpResponseMessage> V1Async(string key, HttpMethod method, string path, object? body = null)
        => SendWithBearerAsync(Host.CreateClient(), method, path, key, body);

    public Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
        => Database.ScalarAsync<long>(sql, parameters);
}
