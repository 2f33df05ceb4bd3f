using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
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
/// The real host on a fresh database, its gateway routed to a <see cref="FakeOpenAiServer"/> (the interim router's
/// OpenAI mode), with every model priced at <see cref="InputPerMillion"/>/<see cref="OutputPerMillion"/> USD so
/// budgets have something to count, and usage written every 50 ms.
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
        ["Gateway:OpenAi:ApiKey"] = FakeOpenAiServer.ApiKey,
        ["Gateway:OpenAi:BaseUrl"] = Upstream.BaseUrl.ToString(),
        ["Gateway:Pipeline:UsageFlushMilliseconds"] = "50",
        ["Gateway:Pipeline:BudgetRefreshSeconds"] = "3600",
    };

    protected override void ConfigureServices(IServiceCollection services)
        => services.AddSingleton<IModelRouter>(sp => new PricedRouter(new ConfiguredProviderRouter(sp.GetRequiredService<ILlmProvider>())));

    public new async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiServer.StartAsync();
        await base.InitializeAsync();
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

/// <summary>The interim router with a price on every model, as the registry's router will report it.</summary>
internal sealed class PricedRouter(IModelRouter inner) : IModelRouter
{
    private static readonly ModelPrice Price = new(GatewayApiFixture.InputPerMillion, GatewayApiFixture.OutputPerMillion);

    public async Task<Routed<ChatResponse>> ChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken)
        => (await inner.ChatAsync(tenantId, request, cancellationToken)) with { Price = Price };

    public RoutedStream StreamChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken)
        => new(inner.StreamChatAsync(tenantId, request, cancellationToken).Deltas) { Price = Price };

    public async Task<Routed<EmbeddingResponse>> EmbedAsync(Guid tenantId, EmbeddingRequest request, CancellationToken cancellationToken)
        => (await inner.EmbedAsync(tenantId, request, cancellationToken)) with { Price = Price };

    public Task<IReadOnlyList<GatewayModel>> ListModelsAsync(Guid tenantId, ModelType? type, CancellationToken cancellationToken)
        => inner.ListModelsAsync(tenantId, type, cancellationToken);
}
