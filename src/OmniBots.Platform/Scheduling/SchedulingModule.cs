using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Jobs.Cleanup;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Platform.Scheduling;

public static class SchedulingModule
{
    /// <summary>Cron jobs, run by the leader among the processes with the scheduler role.</summary>
    public static IServiceCollection AddPlatformScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddHostedService<CronScheduler>();
        // Finished jobs are deleted hourly, past Jobs:RetentionHours.
        services.AddCronJob("platform.jobs.cleanup", "0 17 * * * ?", JobCleanupHandler.Kind);
        return services;
    }

    /// <summary>
    /// Enqueues a job of <paramref name="kind"/> at every tick of <paramref name="cronExpression"/>
    /// (Quartz syntax with seconds, UTC: "0 */5 * * * ?" is every five minutes). Each tick runs once
    /// across all replicas; ticks missed while no scheduler ran collapse into the latest one.
    /// </summary>
    public static IServiceCollection AddCronJob(
        this IServiceCollection services, string name, string cronExpression, string kind, string payload = "{}", string queue = JobQueues.Default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(cronExpression);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        services.AddSingleton(new CronJobDefinition(name, cronExpression, kind, payload, queue));
        return services;
    }
}
