using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Blobs.Local;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

/// <summary>The host gets blobs (platform and tenant stores) and secrets from AddPlatform, and refuses to start on bad storage settings.</summary>
public sealed class HostWiringTests
{
    [Fact]
    public async Task TheHost_ServesTheLocalBlobStoreByDefault()
    {
        var root = Path.Combine(Path.GetTempPath(), "omnibots-host-blobs-" + Guid.NewGuid().ToString("N"));
        var database = await TestCluster.CreateDatabaseAsync(nameof(HostWiringTests));
        await using var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "web",
            Extra = new Dictionary<string, string?> { ["Blobs:Local:Root"] = root },
        });
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IBlobStore>();
            var key = BlobKey.ForTenant(Guid.NewGuid(), "kb/doc.txt");

            await store.PutAsync(key, new MemoryStream("hi"u8.ToArray()), null, CancellationToken.None);

            Assert.IsType<LocalBlobStore>(store);
            Assert.True(await store.ExistsAsync(key, CancellationToken.None));
            Assert.True(Directory.Exists(Path.Combine(root, "tenants.d")));

            await using var scope = host.Services.CreateAsyncScope();
            var tenant = Guid.NewGuid();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            await scope.ServiceProvider.GetRequiredService<ITenantBlobStore>().PutAsync("kb/doc.txt", new MemoryStream("hi"u8.ToArray()), null, CancellationToken.None);
            Assert.True(await store.ExistsAsync(BlobKey.ForTenant(tenant, "kb/doc.txt"), CancellationToken.None));
            Assert.NotNull(host.Services.GetRequiredService<Platform.Secrets.IPlatformSecretProtector>());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TheTenantStore_IsScoped_AndThePlatformStoreASingleton()
    {
        var services = new ServiceCollection().AddPlatformBlobs(new ConfigurationBuilder().Build());

        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(ITenantBlobStore)).Lifetime);
        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(ITenantContext)).Lifetime);
        Assert.Equal(ServiceLifetime.Singleton, services.Single(d => d.ServiceType == typeof(IBlobStore)).Lifetime);
        // The root provider (what a singleton would capture) cannot hand out the tenant store.
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITenantBlobStore>());
    }

    [Theory]
    [InlineData("Blobs:Provider", "azure", "Blobs:Provider")]
    [InlineData("Secrets:KeyLifetimeDays", "1", "Secrets:KeyLifetimeDays")]
    public async Task TheHost_RefusesToStart_WithASettingThatNamesNoValidChoice(string key, string value, string named)
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(HostWiringTests));
        await using var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "web",
            Extra = new Dictionary<string, string?> { [key] = value },
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
