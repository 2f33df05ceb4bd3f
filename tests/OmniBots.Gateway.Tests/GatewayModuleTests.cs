using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Offline;
using OmniBots.Gateway.Providers.OpenAi;
using Xunit;

namespace OmniBots.Gateway.Tests;

public sealed class GatewayModuleTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddGatewayModule(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Intent_classification_is_the_offline_lexical_classifier()
    {
        using var services = Build([]);

        Assert.IsType<OfflineProvider>(services.GetRequiredService<IIntentClassifier>());
    }

    [Fact]
    public void The_openai_family_factories_are_registered()
    {
        using var services = Build([]);

        Assert.Equal(
            ["azure-openai", "openai", "openai-compatible"],
            services.GetServices<IProviderAdapterFactory>().Select(f => f.Provider).Order(StringComparer.Ordinal).Where(p => p.Contains("openai", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_configured_openai_provider_uses_base_url_key_and_request_timeout_as_first_byte_timeout()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(FakeOpenAiReply.WithText("Configured."));
        fake.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        using var services = Build(new()
        {
            ["Gateway:OpenAi:ApiKey"] = FakeOpenAiServer.ApiKey,
            ["Gateway:OpenAi:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Gateway:OpenAi:RequestTimeout"] = "00:00:02",
        });
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenAiOptions>>().Value;
        var provider = services.GetServices<IProviderAdapterFactory>().Single(f => f.Provider == OpenAiAdapterFactory.Code).Create(options.ToConnection());

        var answer = await provider.ChatAsync(OpenAiTestKit.Question(), CancellationToken.None);
        var timeout = await Assert.ThrowsAsync<LlmProviderException>(() => provider.ChatAsync(OpenAiTestKit.Question(), CancellationToken.None));

        Assert.Equal("Configured.", answer.Text);
        Assert.Equal(LlmErrorKind.Timeout, timeout.Kind);
        Assert.Contains("first-byte", timeout.Message, StringComparison.Ordinal);
    }
}
