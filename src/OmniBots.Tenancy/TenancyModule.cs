using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform;
using OmniBots.Tenancy.Contracts;
using OmniBots.Tenancy.Directory;

namespace OmniBots.Tenancy;

public static class TenancyModule
{
    public static IServiceCollection AddTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleMigrations("tenancy", typeof(TenancyModule).Assembly);
        services.AddScoped<ITenantDirectory, TenantDirectory>();
        return services;
    }
}
