using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Blobs.Local;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

/// <summary>The host gets blobs and secrets from AddPlatform, and refuses to start on bad storage settings.</summary>
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
            Assert.NotNull(host.Services.GetRequiredService<Platform.Secrets.IPlatformSecretProtector>());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
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
