using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.Gemini;

namespace OmniBots.Gateway.Tests.Gemini;

internal static class GeminiTestKit
{
    public const string Model = "gemini-2.0-flash";

    public static readonly JsonElement WeatherSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;

    public static IHttpClientFactory HttpClients { get; } = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();

    public static ProviderTimeouts Timeouts(TimeSpan? firstByte = null, TimeSpan? total = null) =>
        new(firstByte ?? TimeSpan.FromSeconds(10), total ?? TimeSpan.FromSeconds(30));

    public static ProviderConnection GeminiConnection(FakeGeminiServer fake, string apiKey = FakeGeminiServer.ApiKey, ProviderTimeouts? timeouts = null) => new()
    {
        Provider = "gemini",
        BaseUrl = fake.GeminiBaseUrl,
        Credentials = new Dictionary<string, string> { ["api_key"] = apiKey },
        Timeouts = timeouts ?? Timeouts(),
    };

    public static ILlmProvider ApiKeyAdapter(FakeGeminiServer fake, string apiKey = FakeGeminiServer.ApiKey, ProviderTimeouts? timeouts = null) =>
        new GeminiAdapterFactory(HttpClients, TimeProvider.System).Create(GeminiConnection(fake, apiKey, timeouts));

    public static ProviderConnection VertexConnection(FakeGeminiServer fake, FakeServiceAccount account, string? location = "europe-west4", ProviderTimeouts? timeouts = null) => new()
    {
        Provider = "vertex",
        BaseUrl = fake.VertexBaseUrl,
        Region = location,
        Credentials = new Dictionary<string, string> { ["service_account_json"] = account.Json },
        Timeouts = timeouts ?? Timeouts(),
    };

    public static ChatRequest Question(string text = "Say hello") => new()
    {
        Model = Model,
        Messages = [ChatMessage.System("Be brief."), ChatMessage.User(text)],
    };

    public static async Task<List<ChatDelta>> CollectAsync(IAsyncEnumerable<ChatDelta> stream)
    {
        var deltas = new List<ChatDelta>();
        await foreach (var delta in stream)
        {
            deltas.Add(delta);
        }
        return deltas;
    }
}
