using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Gateway.Contracts;
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
    public void Without_configuration_the_offline_provider_answers()
    {
        using var services = Build([]);

        Assert.IsType<OfflineProvider>(services.GetRequiredService<ILlmProvider>());
        Assert.IsType<OfflineProvider>(services.GetRequiredService<IIntentClassifier>());
    }

    [Fact]
    public void An_openai_key_selects_the_openai_adapter()
    {
        using var services = Build(new() { ["Gateway:OpenAi:ApiKey"] = "sk-test", ["Gateway:OpenAi:BaseUrl"] = "http://127.0.0.1:9/v1/" });

        Assert.IsType<OpenAiProvider>(services.GetRequiredService<ILlmProvider>());
    }
}
