using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Secrets;

/// <summary>Points Data Protection at the PostgreSQL key ring with the configured key lifetime.</summary>
internal sealed class KeyRingConfiguration(PostgresXmlRepository repository, IOptions<SecretsOptions> secrets) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        options.XmlRepository = repository;
        options.NewKeyLifetime = TimeSpan.FromDays(secrets.Value.KeyLifetimeDays);
    }
}
