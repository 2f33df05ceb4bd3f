using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Offline;
using OmniBots.Gateway.Pipeline;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.AzureOpenAi;
using OmniBots.Gateway.Providers.OpenAi;
using OmniBots.Gateway.Registry;
using OmniBots.Platform;

namespace OmniBots.Gateway;

public static class GatewayModule
{
    /// <summary>
    /// The LLM gateway: the registry decides which endpoints serve a model; with nothing configured every model
    /// routes to the built-in offline provider, so the platform runs with no account.
    /// </summary>
    public static IServiceCollection AddGatewayModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OpenAiOptions>().Bind(configuration.GetSection(OpenAiOptions.Section));
        services.AddGatewayHttp(configuration);
        services.AddSingleton<OfflineProvider>();
        services.AddSingleton<IIntentClassifier>(sp => sp.GetRequiredService<OfflineProvider>());
        services.AddSingleton<IProviderAdapterFactory, OpenAiAdapterFactory>();
        services.AddSingleton<IProviderAdapterFactory, OpenAiCompatibleAdapterFactory>();
        services.AddSingleton<IProviderAdapterFactory, AzureOpenAiAdapterFactory>();
        services.AddSingleton<IProviderAdapterFactory, Providers.Gemini.GeminiAdapterFactory>();
        services.AddSingleton<IProviderAdapterFactory, Providers.Gemini.VertexAdapterFactory>();
        services.AddSingleton<IProviderAdapterFactory, Providers.Anthropic.AnthropicAdapterFactory>();
        services.AddGatewayRegistry(configuration);
        services.AddScoped<ILlmGateway, GatewayPipeline>();
        services.AddModuleMigrations("gateway", typeof(GatewayModule).Assembly);
        return services;
    }
}
