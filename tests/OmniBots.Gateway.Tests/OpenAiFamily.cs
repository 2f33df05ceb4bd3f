using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.AzureOpenAi;
using OmniBots.Gateway.Providers.OpenAi;
using Xunit;

namespace OmniBots.Gateway.Tests;

/// <summary>
/// One adapter of the OpenAI family (openai, azure-openai, openai-compatible) built by its registry factory and
/// pointed at a <see cref="FakeOpenAiServer"/>, so the same test runs against each of them (<see cref="All"/>).
/// </summary>
internal sealed class OpenAiFamily : IAsyncDisposable
{
    public const string OpenAi = OpenAiAdapterFactory.Code;
    public const string Azure = AzureOpenAiAdapterFactory.Code;
    public const string Compatible = OpenAiCompatibleAdapterFactory.Code;

    /// <summary>The shared pooled client, as the gateway module registers it.</summary>
    public static readonly IHttpClientFactory HttpClients = new ServiceCollection()
        .AddGatewayHttp(new ConfigurationBuilder().Build())
        .BuildServiceProvider()
        .GetRequiredService<IHttpClientFactory>();

    private OpenAiFamily(string provider, FakeOpenAiServer fake)
    {
        Kind = provider;
        Fake = fake;
    }

    public static TheoryData<string> All => new() { OpenAi, Azure, Compatible };

    public string Kind { get; }
    public FakeOpenAiServer Fake { get; }
    public string GoodKey => Kind == Azure ? FakeOpenAiServer.AzureApiKey : FakeOpenAiServer.ApiKey;

    public static async Task<OpenAiFamily> StartAsync(string provider) => new(provider, await FakeOpenAiServer.StartAsync());

    public static IProviderAdapterFactory Factory(string provider, TimeProvider? time = null) => provider switch
    {
        OpenAi => new OpenAiAdapterFactory(HttpClients, time ?? TimeProvider.System),
        Azure => new AzureOpenAiAdapterFactory(HttpClients, time ?? TimeProvider.System),
        _ => new OpenAiCompatibleAdapterFactory(HttpClients, time ?? TimeProvider.System),
    };

    public ProviderConnection Connection(string? apiKey = null, ProviderTimeouts? timeouts = null) => new()
    {
        Provider = Kind,
        BaseUrl = Kind == Azure ? Fake.RootUrl : Fake.BaseUrl,
        Credentials = new Dictionary<string, string> { ["api_key"] = apiKey ?? GoodKey },
        Timeouts = timeouts ?? new ProviderTimeouts(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
    };

    public ILlmProvider Provider(string? apiKey = null, ProviderTimeouts? timeouts = null) => Factory(Kind).Create(Connection(apiKey, timeouts));

    /// <summary>Where the adapter should have sent <paramref name="operation"/> (chat/completions, embeddings) for a model.</summary>
    public string PathOf(string operation, string model) => Kind == Azure ? $"/openai/deployments/{model}/{operation}" : $"/v1/{operation}";

    /// <summary>The credential as it went over the wire: Azure's api-key header, otherwise the bearer header.</summary>
    public string? SentCredential(FakeOpenAiRequest request) =>
        Kind == Azure ? request.Headers.GetValueOrDefault("api-key") : request.Authorization;

    public string ExpectedCredential => Kind == Azure ? FakeOpenAiServer.AzureApiKey : "Bearer " + FakeOpenAiServer.ApiKey;

    public ValueTask DisposeAsync() => Fake.DisposeAsync();
}
