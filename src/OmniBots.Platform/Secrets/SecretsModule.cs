using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Secrets;

public static class SecretsModule
{
    /// <summary>Registers Data Protection with its key ring in PostgreSQL, and <see cref="ISecretProtector"/>.
    /// Needs the platform database (<c>AddPlatform</c> registers it).</summary>
    public static IServiceCollection AddPlatformSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>();
        services.AddSingleton<PostgresXmlRepository>();
        services.AddDataProtection().SetApplicationName(SecretsOptions.ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, KeyRingConfiguration>();
        services.AddSingleton<ISecretProtector, SecretProtector>();
        return services;
    }
}
