using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OmniBots.Platform.Events;

public static class EventsModule
{
    /// <summary>Registers <see cref="IEventBus"/> (LISTEN/NOTIFY). Call after the database is registered.</summary>
    public static IServiceCollection AddPlatformEvents(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<PostgresEventBus>();
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<PostgresEventBus>());
        // Stopped after every service registered later (hosted services stop in reverse order).
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresEventBus>());
        return services;
    }
}
