using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Blobs.Local;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

/// <summary>What the local store does beyond the contract, seen from the folder.</summary>
public sealed class LocalBlobStoreTests(LocalBlobStoreFixture fixture) : IClassFixture<LocalBlobStoreFixture>
{
    private readonly Guid _tenant = Guid.NewGuid();

    private string TenantFolder => Path.Combine(fixture.Root, "tenants.d", _tenant + ".d");

    [Fact]
    public async Task Blobs_LiveInTheirTenantsFolder_AsASidecarAndOneContentFile()
    {
        await fixture.Store.PutAsync(BlobKey.ForTenant(_tenant, "kb/doc.pdf"), new MemoryStream([1, 2, 3]), null, CancellationToken.None);

        var files = Directory.GetFiles(Path.Combine(TenantFolder, "kb.d")).Select(Path.GetFileName).ToList();

        Assert.Equal(2, files.Count);
        Assert.Contains("doc.pdf.meta", files);
        Assert.Single(files, f => f!.StartsWith("doc.pdf.", StringComparison.Ordinal) && f.EndsWith(".blob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replacing_AndDeleting_LeaveNoOldContentFilesBehind()
    {
        var key = BlobKey.ForTenant(_tenant, "doc");
        for (var round = 0; round < 3; round++)
        {
            await fixture.Store.PutAsync(key, new MemoryStream(TestData.Bytes(1000, round)), null, CancellationToken.None);
        }
        Assert.Equal(2, Directory.GetFiles(TenantFolder).Length);

        await fixture.Store.DeleteAsync(key, CancellationToken.None);

        Assert.Empty(Directory.GetFiles(TenantFolder));
    }

    [Fact]
    public async Task AFailedWrite_LeavesNoFileBehind()
    {
        await fixture.Store.PutAsync(BlobKey.ForTenant(_tenant, "kept"), new MemoryStream([1]), null, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => fixture.Store.PutAsync(
            BlobKey.ForTenant(_tenant, "broken"), new NonSeekableStream(TestData.Bytes(500_000), failAfter: 200_000), null, CancellationToken.None));

        Assert.All(Directory.GetFiles(TenantFolder), file => Assert.StartsWith("kept.", Path.GetFileName(file), StringComparison.Ordinal));
    }

    [Fact]
    public void TheDefaultRoot_IsDataBlobsUnderTheWorkingDirectory()
    {
        using var services = BlobStoreFixture.Build(new Dictionary<string, string?>());

        Assert.IsType<LocalBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.Equal(".data/blobs", services.GetRequiredService<IOptions<BlobOptions>>().Value.Local.Root);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), ".data", "blobs"), new LocalBlobLayout(".data/blobs").Root);
    }
}
