using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Database;

namespace OmniBots.Platform.Tenancy;

public static class TenantDbContextRegistration
{
    /// <summary>An EF Core context on the runtime pool, confined to the request's or job's tenant.</summary>
    public static IServiceCollection AddTenantDbContext<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddScoped<TenantConnectionInterceptor>();
        services.AddDbContext<TContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<PlatformDatabase>().Runtime)
            .AddInterceptors(provider.GetRequiredService<TenantConnectionInterceptor>()));
        return services;
    }
}
