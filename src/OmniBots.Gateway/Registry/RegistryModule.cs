using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Registry.BuiltIn;
using OmniBots.Gateway.Registry.Snapshot;
using OmniBots.Gateway.Routing;
using OmniBots.Identity.Contracts;

namespace OmniBots.Gateway.Registry;

internal static class RegistryModule
{
    /// <summary>The registry (its snapshot, the configured-OpenAI seed, the offline endpoint kind) and the router over it.</summary>
    public static IServiceCollection AddGatewayRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderAdapterFactory, OfflineAdapterFactory>());
        services.AddSingleton<RegistryLoader>();
        services.AddSingleton<RegistryCache>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistryCache>());
        services.AddHostedService<ConfiguredOpenAiSeed>();
        services.AddSingleton<AdapterCache>();
        services.AddSingleton<IModelRouter, RegistryRouter>();
        services.AddScoped<Endpoints.AdminDeps>();
        return services;
    }
}
