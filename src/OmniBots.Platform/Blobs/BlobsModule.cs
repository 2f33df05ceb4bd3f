using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Blobs.Local;
using OmniBots.Platform.Blobs.S3;
using OmniBots.Platform.Tenancy;

// The platform's tests reach internals (store options, the key ring repository, PlatformDatabase's
// initialisation) to exercise paths a host cannot reach cheaply, such as multipart copies over 5 GiB.
[assembly: InternalsVisibleTo("OmniBots.Platform.Tests")]

namespace OmniBots.Platform.Blobs;

public static class BlobsModule
{
    /// <summary>Registers the platform's <see cref="IBlobStore"/> (the local folder or the S3 store, as
    /// <c>Blobs:Provider</c> says) and the scoped <see cref="ITenantBlobStore"/> over it.</summary>
    public static IServiceCollection AddPlatformBlobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<BlobOptions>().Bind(configuration.GetSection(BlobOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlobOptions>, BlobOptionsValidator>();
        // The S3 client is the store's own (not a shared IAmazonS3 another module might configure
        // differently); the container disposes the store, and with it the client, with the host.
        services.AddSingleton<IBlobStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlobOptions>>();
            return options.Value.UsesS3
                ? new S3BlobStore(S3ClientFactory.Create(options.Value.S3), options)
                : new LocalBlobStore(options, sp.GetRequiredService<TimeProvider>());
        });
        // Scoped: it takes the tenant from the scope's ITenantContext, so it cannot be held by a singleton.
        services.TryAddScoped<ITenantContext, TenantContext>();
        services.AddScoped<ITenantBlobStore, TenantBlobStore>();
        return services;
    }
}
