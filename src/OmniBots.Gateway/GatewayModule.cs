using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OmniBots.Gateway.Cache;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Keys;
using OmniBots.Gateway.Limits;
using OmniBots.Gateway.Offline;
using OmniBots.Gateway.OpenAiApi;
using OmniBots.Gateway.Pipeline;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.AzureOpenAi;
using OmniBots.Gateway.Providers.OpenAi;
using OmniBots.Gateway.Registry;
using OmniBots.Gateway.Metering;
using OmniBots.Identity.Contracts;
using OmniBots.Platform;
using OmniBots.Platform.Access;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;

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
        services.AddGatewayPipeline(configuration);
        services.AddModuleMigrations("gateway", typeof(GatewayModule).Assembly);
        services.AddTenantSchemaPurge("gateway");
        return services;
    }

    /// <summary>Limits, budgets, cache and metering around the router (see README, Pipeline).</summary>
    private static void AddGatewayPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayPipelineOptions>().Bind(configuration.GetSection(GatewayPipelineOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayPipelineOptions>, GatewayPipelineOptionsValidator>();
        services.AddSingleton<VirtualKeyCache>();
        services.AddHostedService(sp => sp.GetRequiredService<VirtualKeyCache>());
        services.AddSingleton<TenantSettingsCache>();
        services.AddHostedService(sp => sp.GetRequiredService<TenantSettingsCache>());
        services.AddSingleton<RateLimits>();
        services.AddSingleton<BudgetTracker>();
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<UsageQueue>();
        services.AddHostedService<UsageWriter>();
        services.AddSingleton<AdmissionControl>();
        services.AddSingleton<CallMetering>();
        services.AddScoped<VirtualKeyStore>();
        services.AddScoped<VirtualKeyFilter>();
        services.AddScoped<ILlmGateway, GatewayPipeline>();
        services.AddJobHandler<UsageAggregationHandler>(UsageAggregationHandler.Kind);
        // Five minutes past each hour: the previous hour is complete and its records written.
        services.AddCronJob("gateway.usage.aggregate", "0 5 * * * ?", UsageAggregationHandler.Kind);
    }

    /// <summary>The gateway's HTTP APIs: admin under <c>/api/v1/gateway</c> and <c>/api/v1/admin/gateway</c>, and the OpenAI-compatible <c>/v1</c>.</summary>
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        var gateway = endpoints.MapGroup("/api/v1/gateway");
        gateway.MapVirtualKeys();
        gateway.MapGatewaySettings();
        gateway.MapGatewayUsage();
        var admin = endpoints.MapGroup("/api/v1/admin/gateway").RequireAuthorization(PlatformPolicies.PlatformAdmin);
        admin.MapGatewayUsageAdmin();
        endpoints.MapOpenAiApi();
        endpoints.MapGatewayRegistryApi();
        return endpoints;
    }
}
