using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Connectors.Sync;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;

namespace OmniBots.Knowledge.Sources;

/// <summary>Sources, connectors, the sync job and its per-minute scheduler (SPEC KB-3, KB-4).</summary>
internal static class SourcesModule
{
    public static IServiceCollection AddKnowledgeSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section))
            .Validate(o => o.RequestTimeoutSeconds is >= 1 and <= 600, $"{ConnectorOptions.Section}:RequestTimeoutSeconds must be between 1 and 600.")
            .Validate(o => o.MaxCrawlDelaySeconds is >= 0 and <= 300, $"{ConnectorOptions.Section}:MaxCrawlDelaySeconds must be between 0 and 300.")
            .ValidateOnStart();
        services.AddSingleton<NetworkGuard>();
        services.AddHttpClient(NetworkGuard.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(10))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<NetworkGuard>().CreateHandler());
        services.AddSingleton<ConnectorFactory>();
        services.AddScoped<SourceStore>();
        services.AddJobHandler<SourceSyncHandler>(SourceSyncHandler.Kind);
        services.AddJobHandler<SourceSchedulerHandler>(SourceSchedulerHandler.Kind);
        services.AddCronJob(SourceSchedulerHandler.Kind, SourceSchedulerHandler.Cron, SourceSchedulerHandler.Kind);
        return services;
    }
}
