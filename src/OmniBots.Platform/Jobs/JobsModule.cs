using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Jobs.Cleanup;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Jobs.Enqueue;
using OmniBots.Platform.Jobs.Metrics;
using OmniBots.Platform.Jobs.Running;

namespace OmniBots.Platform.Jobs;

public static class JobsModule
{
    /// <summary>The job queue: <see cref="IJobQueue"/> (scoped, the current tenant's jobs) and
    /// <see cref="IPlatformJobQueue"/> (singleton, logged) everywhere, workers in the worker role.</summary>
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddMetrics();
        services.TryAddSingleton<JobKinds>();
        services.TryAddSingleton<JobInserter>();
        // Scoped: it takes the tenant from the scope's ITenantContext.
        services.TryAddScoped<IJobQueue, TenantJobQueue>();
        services.TryAddSingleton<IPlatformJobQueue, PlatformJobQueue>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<JobExecutor>();
        services.TryAddSingleton<RetryPolicy>();
        services.TryAddSingleton<InFlightJobs>();
        services.TryAddSingleton<CompletionWriter>();
        services.TryAddSingleton<JobMetrics>();
        services.TryAddScoped<Admin.AdminJobStore>();
        services.AddHostedService<JobWorkerService>();
        services.AddHostedService<QueueStatsRefresher>();
        services.AddJobHandler<JobCleanupHandler>(JobCleanupHandler.Kind);
        return services;
    }

    /// <summary>Registers the handler of one job kind (scoped: a new instance per job).</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, IJobHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        services.AddSingleton(new JobHandlerRegistration(kind, typeof(THandler)));
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        return services;
    }
}
