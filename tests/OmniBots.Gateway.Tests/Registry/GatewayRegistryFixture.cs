using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.OpenAi;
using OmniBots.Gateway.Routing;
using OmniBots.Testing.Identity;

namespace OmniBots.Gateway.Tests.Registry;

/// <summary>
/// The real host with quick retries and a small circuit breaker; endpoints use the real "openai" adapter factory.
/// </summary>
public class GatewayRegistryFixture : IdentityFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Gateway:Routing:MaxAttemptsPerEndpoint"] = "2",
        ["Gateway:Routing:BackoffBase"] = "00:00:00.010",
        ["Gateway:Routing:BackoffMax"] = "00:00:00.050",
        ["Gateway:Routing:MaxRetryAfter"] = "00:00:02",
        ["Gateway:Routing:Breaker:ConsecutiveFailures"] = "3",
        ["Gateway:Routing:Breaker:BreakDuration"] = "00:01:00",
        // The fakes listen on 127.0.0.1; tenant endpoints may reach them only with this on (TenantEndpointNetworkTests shows the default).
        ["Gateway:AllowPrivateNetworks"] = "true",
    };

    internal IModelRouter Router => Host.Services.GetRequiredService<IModelRouter>();

    public HttpClient Platform => Host.CreateClientForPlatformAdmin();

    /// <summary>A fresh model code, so tests in one class never share routes, breakers or prices.</summary>
    public static string NewModel() => "m-" + Guid.NewGuid().ToString("N")[..10];

    public async Task CreateModelAsync(string code, string type = "chat")
    {
        using var client = Platform;
        await Api.JsonAsync(await client.PostAsJsonAsync("/api/v1/admin/gateway/models", new { code, type }), HttpStatusCode.Created);
    }

    /// <summary>A platform endpoint on a fake OpenAI server serving <paramref name="model"/> as "upstream-{model}".</summary>
    public async Task<Guid> CreatePlatformEndpointAsync(string name, FakeOpenAiServer fake, string model, double firstByteSeconds = 10)
    {
        using var client = Platform;
        var body = await Api.JsonAsync(await client.PostAsJsonAsync("/api/v1/admin/gateway/endpoints", new
        {
            name,
            provider = "openai",
            baseUrl = fake.BaseUrl.ToString(),
            region = "eu-west",
            credentials = new Dictionary<string, string> { ["api_key"] = FakeOpenAiServer.ApiKey },
            firstByteTimeoutSeconds = firstByteSeconds,
            totalTimeoutSeconds = 30,
            models = new[] { new { model, upstreamName = "upstream-" + model } },
        }), HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    public async Task SetPlatformRouteAsync(string model, params Guid[] endpoints)
    {
        using var client = Platform;
        await Api.JsonAsync(await client.PutAsJsonAsync($"/api/v1/admin/gateway/routes/{model}", new { endpoints }), HttpStatusCode.OK);
    }

    /// <summary>A model routed over one platform endpoint per fake, in the given order.</summary>
    public async Task<string> RouteOverAsync(params FakeOpenAiServer[] fakes)
    {
        var model = NewModel();
        await CreateModelAsync(model);
        var ids = new List<Guid>();
        for (var i = 0; i < fakes.Length; i++)
        {
            ids.Add(await CreatePlatformEndpointAsync($"{model}-{(char)('a' + i)}", fakes[i], model));
        }
        await SetPlatformRouteAsync(model, [.. ids]);
        return model;
    }

    public static ChatRequest Question(string model) => new() { Model = model, Messages = [ChatMessage.User("Say hello")] };
}

internal static class JsonClient
{
    public static Task<HttpResponseMessage> PostAsJsonAsync(this HttpClient client, string path, object body) =>
        System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, new Uri(path, UriKind.Relative), body);

    public static Task<HttpResponseMessage> PutAsJsonAsync(this HttpClient client, string path, object body) =>
        System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(client, new Uri(path, UriKind.Relative), body);

    public static IEnumerable<JsonElement> Items(this JsonElement array) => array.EnumerateArray();
}
