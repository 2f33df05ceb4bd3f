using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Secrets;

public static class SecretsModule
{
    /// <summary>Registers Data Protection with its key ring in PostgreSQL, the scoped tenant
    /// <see cref="ISecretProtector"/> and the singleton <see cref="IPlatformSecretProtector"/>.
    /// Needs the platform database (<c>AddPlatform</c> registers it).</summary>
    public static IServiceCollection AddPlatformSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>();
        services.AddSingleton<PostgresXmlRepository>();
        services.AddDataProtection().SetApplicationName(SecretsOptions.ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, KeyRingConfiguration>();
        services.AddSingleton<SecretCipher>();
        services.AddSingleton<IPlatformSecretProtector, PlatformSecretProtector>();
        // Scoped: it takes the tenant from the scope's ITenantContext, so it cannot be held by a singleton.
        services.TryAddScoped<ITenantContext, TenantContext>();
        services.AddScoped<ISecretProtector, TenantSecretProtector>();
        return services;
    }
}
