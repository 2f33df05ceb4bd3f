using OmniBots.Platform.Blobs;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

public abstract partial class BlobStoreContractTests
{
    [Fact]
    public async Task List_ReturnsTheKeysUnderThePrefix_InOrdinalOrder()
    {
        string[] paths = ["kb/b.txt", "kb/a.txt", "kb/sub/z.txt", "kb/a-b.txt", "kb/B.txt", "other/x.txt", "kb2/y.txt"];
        foreach (var path in paths)
        {
            await Store.PutAsync(Key(path), new MemoryStream(new byte[path.Length]), null, Ct);
        }

        var page = await Store.ListAsync(BlobPrefix.ForTenant(Tenant, "kb/"), null, 100, Ct);

        Assert.Null(page.ContinuationToken);
        Assert.Equal(["kb/B.txt", "kb/a-b.txt", "kb/a.txt", "kb/b.txt", "kb/sub/z.txt"], page.Items.Select(i => i.Key.Path));
        Assert.All(page.Items, item => Assert.Equal(Tenant, item.Key.TenantId));
        Assert.Equal("kb/sub/z.txt".Length, page.Items.Single(i => i.Key.Path == "kb/sub/z.txt").Size);
        Assert.All(page.Items, item => Assert.InRange(item.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task List_WithAPrefixThatEndsInsideAName_MatchesByText()
    {
        foreach (var path in new[] { "kb/doc1", "kb/dog/food", "kb/a", "kb/do" })
        {
            await Store.PutAsync(Key(path), new MemoryStream([1]), null, Ct);
        }

        var page = await Store.ListAsync(BlobPrefix.ForTenant(Tenant, "kb/do"), null, 100, Ct);

        Assert.Equal(["kb/do", "kb/doc1", "kb/dog/food"], page.Items.Select(i => i.Key.Path));
    }

    [Fact]
    public async Task List_PagesThroughEveryKeyWithContinuationTokens()
    {
        var expected = Enumerable.Range(0, 23).Select(i => $"files/{i % 3}/{i:D3}.bin").Order(StringComparer.Ordinal).ToList();
        foreach (var path in expected)
        {
            await Store.PutAsync(Key(path), new MemoryStream([7]), null, Ct);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(BlobPrefix.ForTenant(Tenant, "files/"), token, 5, Ct);
            Assert.InRange(page.Items.Count, 1, 5);
            seen.AddRange(page.Items.Select(i => i.Key.Path));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(expected, seen);
        Assert.Equal(5, pages);
    }

    [Fact]
    public async Task List_NeverShowsAnotherTenantsBlobs()
    {
        var other = Guid.NewGuid();
        await Store.PutAsync(BlobKey.ForTenant(other, "kb/secret.pdf"), new MemoryStream([1]), null, Ct);
        await Store.PutAsync(Key("kb/mine.pdf"), new MemoryStream([1]), null, Ct);

        var page = await Store.ListAsync(BlobPrefix.ForTenant(Tenant), null, 100, Ct);

        Assert.Equal([Key("kb/mine.pdf")], page.Items.Select(i => i.Key));
    }

    [Fact]
    public async Task List_OfAnEmptyPrefix_ReturnsAnEmptyLastPage()
    {
        var page = await Store.ListAsync(BlobPrefix.ForTenant(Tenant, "nothing/"), null, 10, Ct);

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Copy_DuplicatesContentTypeAndMetadata_AndLeavesTheSourceIntact()
    {
        var data = TestData.Bytes(4_000);
        var options = new BlobPutOptions { ContentType = "image/png", Metadata = new Dictionary<string, string> { ["width"] = "640" } };
        await Store.PutAsync(Key("src.png"), new MemoryStream(data), options, Ct);
        await Store.PutAsync(Key("dst.png"), new MemoryStream([9, 9]), null, Ct);

        Assert.True(await Store.CopyAsync(Key("src.png"), Key("dst.png"), Ct));

        foreach (var key in new[] { Key("src.png"), Key("dst.png") })
        {
            await using var read = await Store.GetAsync(key, Ct);
            Assert.Equal(data, await TestData.ReadAllAsync(read.Content!));
            Assert.Equal("image/png", read.Properties!.ContentType);
            Assert.Equal(TestData.Sha256(data), read.Properties.Sha256);
            Assert.Equal("640", read.Properties.Metadata["width"]);
        }
    }

    [Fact]
    public async Task Copy_ToAnotherTenant_IsExplicitAndWorks()
    {
        var target = BlobKey.ForTenant(Guid.NewGuid(), "imported/doc.txt");
        await Store.PutAsync(Key("doc.txt"), new MemoryStream("shared"u8.ToArray()), null, Ct);

        Assert.True(await Store.CopyAsync(Key("doc.txt"), target, Ct));

        Assert.Equal("shared", await ReadTextAsync(target));
    }

    [Fact]
    public async Task Copy_WhenTheSourceIsMissing_ReturnsFalseAndWritesNothing()
    {
        Assert.False(await Store.CopyAsync(Key("missing"), Key("copy"), Ct));

        Assert.False(await Store.ExistsAsync(Key("copy"), Ct));
    }

    [Fact]
    public async Task Copy_OfALargeBlob_RoundTrips()
    {
        var data = TestData.Bytes(LargeBody, seed: 3);
        await Store.PutAsync(Key("big.bin"), new MemoryStream(data), null, Ct);

        Assert.True(await Store.CopyAsync(Key("big.bin"), Key("big-copy.bin"), Ct));

        await using var read = await Store.GetAsync(Key("big-copy.bin"), Ct);
        Assert.Equal(data, await TestData.ReadAllAsync(read.Content!));
        Assert.Equal(TestData.Sha256(data), read.Properties!.Sha256);
    }

    [Fact]
    public async Task ConcurrentReaders_SeeTheOldBlobOrTheNewOne_NeverAMix()
    {
        await Store.PutAsync(Key("hot"), new MemoryStream(Filled(0)), null, Ct);
        var writer = Task.Run(async () =>
        {
            for (byte round = 1; round <= 20; round++)
            {
                await Store.PutAsync(Key("hot"), new MemoryStream(Filled(round)), null, Ct);
            }
        }, Ct);

        var reads = 0;
        while (!writer.IsCompleted || reads < 5)
        {
            await using var read = await Store.GetAsync(Key("hot"), Ct);
            var bytes = await TestData.ReadAllAsync(read.Content!);
            Assert.Equal(Filled(bytes[0]), bytes);
            Assert.Equal(TestData.Sha256(bytes), read.Properties!.Sha256);
            reads++;
        }
        await writer;
    }

    private static byte[] Filled(byte value) => Enumerable.Repeat(value, 200_000).ToArray();
}
