using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.Migrations;
using OmniBots.Platform.Events;
using OmniBots.Platform.Hosting;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;
using OmniBots.Platform.Http.Health;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform;

/// <summary>Registers the building blocks every module stands on.</summary>
public static class PlatformModule
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<HostingOptions>().Bind(configuration.GetSection(HostingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        services.AddSingleton<PlatformDatabase>();
        services.AddSingleton<MigrationRunner>();
        services.AddModuleMigrations("platform", typeof(PlatformModule).Assembly);
        // Registered before every other hosted service so the database is ready when they start.
        services.AddHostedService<DatabaseInitializer>();

        // TryAdd: the blob and secret modules add it too, so each can be registered on its own.
        services.TryAddScoped<ITenantContext, TenantContext>();
        services.AddScoped<TenantDatabase>();
        services.AddHttpContextAccessor();
        services.AddScoped<Audit.IAuditLog, Audit.AuditLog>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        Blobs.BlobsModule.AddPlatformBlobs(services, configuration);
        Secrets.SecretsModule.AddPlatformSecrets(services, configuration);
        Email.EmailModule.AddPlatformEmail(services, configuration);

        services.AddPlatformEvents(configuration);
        services.AddPlatformJobs(configuration);
        services.AddPlatformScheduling(configuration);
        return services;
    }

    /// <summary>Registers a module's schema and embedded migrations. Modules are migrated in registration order.</summary>
    public static IServiceCollection AddModuleMigrations(this IServiceCollection services, string schema, System.Reflection.Assembly assembly)
        => services.AddSingleton(new ModuleMigrations(schema, assembly));

    public static IEndpointRouteBuilder MapPlatformHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync })
            .ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponseWriter.WriteAsync })
            .ExcludeFromDescription();
        return endpoints;
    }
}
