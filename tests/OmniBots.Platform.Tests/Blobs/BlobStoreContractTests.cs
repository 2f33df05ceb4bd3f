using System.Text;
using OmniBots.Platform.Blobs;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, run against each implementation with a real peer
/// (a local folder; moto's S3 server). Each test works in its own tenant, so tests sharing a store
/// do not see each other.
/// </summary>
public abstract partial class BlobStoreContractTests
{
    protected const int MiB = 1024 * 1024;

    /// <summary>Bodies above this are uploaded in parts by stores that do so (the S3 fixture uses 5 MiB parts).</summary>
    protected const int LargeBody = (11 * MiB) + 12_345;

    protected Guid Tenant { get; } = Guid.NewGuid();

    protected abstract IBlobStore Store { get; }

    protected BlobKey Key(string path) => BlobKey.ForTenant(Tenant, path);

    // Every call is bounded, so a hung peer fails the test instead of the run.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    protected CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Put_ReturnsTheSizeAndSha256OfTheContent()
    {
        var data = TestData.Bytes(10_000);

        var written = await Store.PutAsync(Key("kb/doc1.pdf"), new MemoryStream(data), null, Ct);

        Assert.Equal(Key("kb/doc1.pdf"), written.Key);
        Assert.Equal(data.Length, written.Size);
        Assert.Equal(TestData.Sha256(data), written.Sha256);
    }

    [Fact]
    public async Task Get_ReturnsTheContentAndPropertiesThatWerePut()
    {
        var data = TestData.Bytes(5_000);
        var options = new BlobPutOptions
        {
            ContentType = "application/pdf",
            Metadata = new Dictionary<string, string> { ["Original-Name"] = "Handbook 2024.pdf", ["source"] = "upload" },
        };
        await Store.PutAsync(Key("kb/handbook.pdf"), new MemoryStream(data), options, Ct);

        await using var read = await Store.GetAsync(Key("kb/handbook.pdf"), Ct);

        Assert.True(read.Found);
        Assert.Equal(data, await TestData.ReadAllAsync(read.Content));
        Assert.Equal(data.Length, read.Properties.Size);
        Assert.Equal("application/pdf", read.Properties.ContentType);
        Assert.Equal(TestData.Sha256(data), read.Properties.Sha256);
        Assert.Equal(new Dictionary<string, string> { ["original-name"] = "Handbook 2024.pdf", ["source"] = "upload" }, read.Properties.Metadata);
        Assert.InRange(read.Properties.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Get_WhenTheBlobIsMissing_ReturnsNotFound()
    {
        await using var read = await Store.GetAsync(Key("kb/none.pdf"), Ct);

        Assert.False(read.Found);
        Assert.Null(read.Content);
        Assert.Equal(Key("kb/none.pdf"), read.Key);
    }

    [Fact]
    public async Task PropertiesAndExists_TellWhetherTheBlobIsThere()
    {
        await Store.PutAsync(Key("a.txt"), new MemoryStream("hello"u8.ToArray()), new BlobPutOptions { ContentType = "text/plain" }, Ct);

        var properties = await Store.GetPropertiesAsync(Key("a.txt"), Ct);
        Assert.NotNull(properties);
        Assert.Equal(5, properties.Size);
        Assert.Equal("text/plain", properties.ContentType);
        Assert.Equal(TestData.Sha256("hello"u8.ToArray()), properties.Sha256);
        Assert.True(await Store.ExistsAsync(Key("a.txt"), Ct));

        Assert.Null(await Store.GetPropertiesAsync(Key("b.txt"), Ct));
        Assert.False(await Store.ExistsAsync(Key("b.txt"), Ct));
    }

    [Fact]
    public async Task Put_OverAnExistingBlob_ReplacesContentAndMetadata()
    {
        await Store.PutAsync(Key("doc"), new MemoryStream(TestData.Bytes(3_000, seed: 1)),
            new BlobPutOptions { ContentType = "text/plain", Metadata = new Dictionary<string, string> { ["v"] = "1" } }, Ct);
        var second = TestData.Bytes(1_000, seed: 2);

        await Store.PutAsync(Key("doc"), new MemoryStream(second), new BlobPutOptions { ContentType = "text/csv" }, Ct);

        await using var read = await Store.GetAsync(Key("doc"), Ct);
        Assert.Equal(second, await TestData.ReadAllAsync(read.Content!));
        Assert.Equal("text/csv", read.Properties!.ContentType);
        Assert.Empty(read.Properties.Metadata);
    }

    [Fact]
    public async Task Put_OfAnEmptyBody_StoresAnEmptyBlob()
    {
        var written = await Store.PutAsync(Key("empty"), Stream.Null, null, Ct);

        Assert.Equal(0, written.Size);
        Assert.Equal(TestData.Sha256([]), written.Sha256);
        await using var read = await Store.GetAsync(Key("empty"), Ct);
        Assert.Empty(await TestData.ReadAllAsync(read.Content!));
        Assert.Equal(BlobProperties.DefaultContentType, read.Properties!.ContentType);
    }

    [Fact]
    public async Task Put_OfALargeBodyWithoutLength_RoundTripsWithItsHash()
    {
        var data = TestData.Bytes(LargeBody);

        var written = await Store.PutAsync(Key("recordings/call.wav"), new NonSeekableStream(data),
            new BlobPutOptions { ContentType = "audio/wav", Metadata = new Dictionary<string, string> { ["call"] = "42" } }, Ct);

        Assert.Equal(data.Length, written.Size);
        Assert.Equal(TestData.Sha256(data), written.Sha256);
        await using var read = await Store.GetAsync(Key("recordings/call.wav"), Ct);
        Assert.Equal(data, await TestData.ReadAllAsync(read.Content!));
        Assert.Equal(TestData.Sha256(data), read.Properties!.Sha256);
        Assert.Equal("audio/wav", read.Properties.ContentType);
        Assert.Equal("42", read.Properties.Metadata["call"]);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(6 * MiB)]
    public async Task Put_WhenTheBodyFailsMidway_LeavesThePreviousBlobIntact(int failAfter)
    {
        var original = TestData.Bytes(2_000);
        await Store.PutAsync(Key("doc"), new MemoryStream(original), null, Ct);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(Key("doc"), new NonSeekableStream(TestData.Bytes(LargeBody), failAfter), null, Ct));
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(Key("new"), new NonSeekableStream(TestData.Bytes(LargeBody), failAfter), null, Ct));

        await using var read = await Store.GetAsync(Key("doc"), Ct);
        Assert.Equal(original, await TestData.ReadAllAsync(read.Content!));
        Assert.False(await Store.ExistsAsync(Key("new"), Ct));
        Assert.Equal([Key("doc")], (await Store.ListAsync(BlobPrefix.ForTenant(Tenant), null, 100, Ct)).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Delete_RemovesTheBlob_AndDeletingAgainIsNotAnError()
    {
        await Store.PutAsync(Key("kb/doc"), new MemoryStream([1, 2, 3]), null, Ct);

        await Store.DeleteAsync(Key("kb/doc"), Ct);
        await Store.DeleteAsync(Key("kb/doc"), Ct);

        Assert.False(await Store.ExistsAsync(Key("kb/doc"), Ct));
        await using var read = await Store.GetAsync(Key("kb/doc"), Ct);
        Assert.False(read.Found);
    }

    [Fact]
    public async Task Keys_ThatArePrefixesOfOtherKeys_Coexist()
    {
        await Store.PutAsync(Key("a/b"), new MemoryStream("file"u8.ToArray()), null, Ct);
        await Store.PutAsync(Key("a/b/c"), new MemoryStream("nested"u8.ToArray()), null, Ct);
        await Store.PutAsync(Key("a/b.d"), new MemoryStream("suffix"u8.ToArray()), null, Ct);

        Assert.Equal("file", await ReadTextAsync(Key("a/b")));
        Assert.Equal("nested", await ReadTextAsync(Key("a/b/c")));
        Assert.Equal("suffix", await ReadTextAsync(Key("a/b.d")));
    }

    [Fact]
    public async Task Keys_WithSpacesPunctuationAndUnicode_RoundTrip()
    {
        var key = Key("kb/Fiche produit — été 2024 (v2) #1 & co+.pdf");
        await Store.PutAsync(key, new MemoryStream("été"u8.ToArray()), null, Ct);

        Assert.Equal("été", await ReadTextAsync(key));
        Assert.Equal([key], (await Store.ListAsync(BlobPrefix.ForTenant(Tenant, "kb/"), null, 10, Ct)).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Put_WithMetadataThatS3CouldNotCarry_IsRefused()
    {
        var options = new BlobPutOptions { Metadata = new Dictionary<string, string> { ["name"] = "naïve" } };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(Key("x"), new MemoryStream([1]), options, Ct));
        Assert.False(await Store.ExistsAsync(Key("x"), Ct));
    }

    protected async Task<string> ReadTextAsync(BlobKey key)
    {
        await using var read = await Store.GetAsync(key, Ct);
        Assert.True(read.Found, $"{key} should exist");
        return Encoding.UTF8.GetString(await TestData.ReadAllAsync(read.Content));
    }
}
