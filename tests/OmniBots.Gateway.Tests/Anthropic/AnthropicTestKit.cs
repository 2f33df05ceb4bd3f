using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes.Anthropic;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.Anthropic;

namespace OmniBots.Gateway.Tests.Anthropic;

/// <summary>Adapters are made the way the router makes them: through the factory, over the gateway's pooled HTTP client.</summary>
internal static class AnthropicTestKit
{
    public const string Model = "claude-sonnet-4-5";

    private static readonly IHttpClientFactory HttpClients = new ServiceCollection()
        .AddGatewayHttp(new ConfigurationBuilder().Build())
        .BuildServiceProvider()
        .GetRequiredService<IHttpClientFactory>();

    public static AnthropicAdapterFactory Factory(TimeProvider? time = null) => new(HttpClients, time ?? TimeProvider.System);

    public static ProviderConnection Connection(FakeAnthropicServer fake, string apiKey = FakeAnthropicServer.ApiKey, ProviderTimeouts? timeouts = null) => new()
    {
        Provider = "anthropic",
        BaseUrl = fake.BaseUrl,
        Credentials = new Dictionary<string, string> { ["api_key"] = apiKey },
        Timeouts = timeouts ?? new ProviderTimeouts(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
    };

    public static ILlmProvider Provider(FakeAnthropicServer fake, string apiKey = FakeAnthropicServer.ApiKey, ProviderTimeouts? timeouts = null, TimeProvider? time = null) =>
        Factory(time).Create(Connection(fake, apiKey, timeouts));

    public static System.Text.Json.JsonElement WeatherSchema => OpenAiTestKit.WeatherSchema;

    public static Task<List<ChatDelta>> CollectAsync(IAsyncEnumerable<ChatDelta> stream) => OpenAiTestKit.CollectAsync(stream);

    public static ChatRequest Question(string text = "Say hello") => new()
    {
        Model = Model,
        Messages = [ChatMessage.System("Be brief."), ChatMessage.User(text)],
    };
}
