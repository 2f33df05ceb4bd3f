using Amazon.S3;
using Amazon.S3.Model;
using OmniBots.Fakes;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Blobs.S3;
using Xunit;

namespace OmniBots.Platform.Tests.Blobs;

/// <summary>What the S3 store does beyond the contract, seen from the bucket with a plain S3 client.</summary>
public sealed class S3BlobStoreTests(S3BlobStoreFixture fixture) : IClassFixture<S3BlobStoreFixture>, IDisposable
{
    private const string Bucket = "omnibots-contract";
    private readonly Guid _tenant = Guid.NewGuid();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly AmazonS3Client _raw = S3ClientFactory.Create(new S3BlobOptions
    {
        ServiceUrl = fixture.Moto.ServiceUrl.ToString(),
        Region = MotoServer.Region,
        AccessKeyId = MotoServer.AccessKeyId,
        SecretAccessKey = MotoServer.SecretAccessKey,
        ForcePathStyle = true,
    });

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Blobs_AreObjectsNamedByTheirKey_WithTheirSha256InMetadata()
    {
        var key = BlobKey.ForTenant(_tenant, "kb/doc.txt");
        var written = await fixture.Store.PutAsync(key, new MemoryStream("hello"u8.ToArray()), new BlobPutOptions { ContentType = "text/plain" }, Ct);

        using var response = await _raw.GetObjectAsync(Bucket, $"tenants/{_tenant}/kb/doc.txt", Ct);

        Assert.Equal("hello", await new StreamReader(response.ResponseStream).ReadToEndAsync(Ct));
        Assert.Equal("text/plain", response.Headers.ContentType);
        Assert.Equal(written.Sha256, response.Metadata["x-amz-meta-omnibots-sha256"]);
    }

    [Fact]
    public async Task LargeUploads_LeaveNoStagingObjectsNorOpenUploads_WhetherTheySucceedOrFail()
    {
        var data = TestData.Bytes(11 * 1024 * 1024);
        await fixture.Store.PutAsync(BlobKey.ForTenant(_tenant, "big"), new NonSeekableStream(data), null, Ct);
        await Assert.ThrowsAsync<IOException>(() =>
            fixture.Store.PutAsync(BlobKey.ForTenant(_tenant, "broken"), new NonSeekableStream(data, failAfter: 7 * 1024 * 1024), null, Ct));

        var staging = await _raw.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = S3Names.StagingPrefix }, Ct);
        var uploads = await _raw.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket }, Ct);

        Assert.Empty(staging.S3Objects ?? []);
        Assert.Empty(uploads.MultipartUploads ?? []);
        Assert.False(await fixture.Store.ExistsAsync(BlobKey.ForTenant(_tenant, "broken"), Ct));
    }

    [Fact]
    public async Task ObjectsWrittenByAnotherTool_ReadWithTheirMetadataAndNoSha256()
    {
        var request = new PutObjectRequest { BucketName = Bucket, Key = $"tenants/{_tenant}/imported.csv", ContentBody = "a,b", ContentType = "text/csv" };
        request.Metadata["origin"] = "migration";
        await _raw.PutObjectAsync(request, Ct);

        var properties = await fixture.Store.GetPropertiesAsync(BlobKey.ForTenant(_tenant, "imported.csv"), Ct);

        Assert.NotNull(properties);
        Assert.Null(properties.Sha256);
        Assert.Equal(3, properties.Size);
        Assert.Equal("migration", properties.Metadata["origin"]);
    }

    [Fact]
    public async Task AMissingBucket_FailsFirstUse_NamingTheSettingThatCreatesIt()
    {
        var settings = S3BlobStoreFixture.SettingsFor(fixture.Moto, "absent-bucket");
        settings["Blobs:S3:CreateBucketIfMissing"] = "false";
        await using var services = BlobStoreFixture.Build(settings);
        var store = (IBlobStore)services.GetService(typeof(IBlobStore))!;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync(BlobKey.ForTenant(_tenant, "x"), Ct));

        Assert.Contains("absent-bucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("Blobs:S3:CreateBucketIfMissing", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _raw.Dispose();
        _timeout.Dispose();
    }
}
