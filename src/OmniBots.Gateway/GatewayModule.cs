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
using OmniBots.Gateway.Routing;
using OmniBots.Platform;

namespace OmniBots.Gateway;

public static class GatewayModule
{
    /// <summary>
    /// The LLM gateway. Until routing arrives there is one provider: OpenAI when
    /// <c>Gateway:OpenAi:ApiKey</c> is set, otherwise the offline provider, so the platform runs with no account.
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
        services.AddTransient<ILlmProvider>(sp =>
            sp.GetRequiredService<IOptions<OpenAiOptions>>().Value is { ApiKey.Length: > 0 } openAi
                ? sp.GetServices<IProviderAdapterFactory>().Single(f => f.Provider == OpenAiAdapterFactory.Code).Create(openAi.ToConnection())
                : sp.GetRequiredService<OfflineProvider>());
        services.AddSingleton<IProviderAdapterFactory, Providers.Gemini.GeminiAdapterFactory>();
        services.AddSingleton<IProviderAdapterFactory, Providers.Gemini.VertexAdapterFactory>();
        services.AddSingleton<IModelRouter, ConfiguredProviderRouter>();
        services.AddSingleton<IProviderAdapterFactory, Providers.Anthropic.AnthropicAdapterFactory>();
        services.AddScoped<ILlmGateway, GatewayPipeline>();
        services.AddModuleMigrations("gateway", typeof(GatewayModule).Assembly);
        return services;
    }
}
