using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Blobs.S3;

/// <summary>Blobs in one bucket of any S3-compatible store (AWS S3, MinIO, GCS interoperability).
/// Keys are the blob keys unchanged, so the bucket reads naturally with other tools.</summary>
internal sealed class S3BlobStore : IBlobStore, IDisposable
{
    private const int CopyAttempts = 3;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly S3Upload _upload;
    private readonly S3Copier _copier;
    private readonly S3Bucket _bucketCheck;

    /// <param name="client">Owned: disposed with the store.</param>
    public S3BlobStore(IAmazonS3 client, IOptions<BlobOptions> options)
    {
        var s3 = options.Value.S3;
        _client = client;
        _bucket = s3.Bucket!;
        _copier = new S3Copier(client, _bucket, s3.PartSizeBytes, s3.SingleCopyLimitBytes);
        _upload = new S3Upload(client, _bucket, s3.PartSizeBytes, _copier);
        _bucketCheck = new S3Bucket(client, s3);
    }

    public async Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, BlobPutOptions? options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var contentType = BlobContentType.Normalize(options?.ContentType);
        var metadata = BlobMetadata.Normalize(options?.Metadata);
        await _bucketCheck.EnsureAsync(ct);
        return await _upload.PutAsync(key, content, contentType, metadata, ct);
    }

    public async Task<BlobReadResult> GetAsync(BlobKey key, CancellationToken ct)
    {
        await _bucketCheck.EnsureAsync(ct);
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(_bucket, key.Value, ct);
        }
        catch (AmazonS3Exception ex) when (S3Names.IsNotFound(ex))
        {
            return BlobReadResult.NotFound(key);
        }
        var (metadata, sha256) = S3Names.Read(response.Metadata);
        var properties = new BlobProperties(key, response.ContentLength, response.Headers.ContentType ?? BlobProperties.DefaultContentType,
            sha256, ToOffset(response.LastModified), metadata);
        return BlobReadResult.Of(new ResponseStream(response), properties);
    }

    public async Task<BlobProperties?> GetPropertiesAsync(BlobKey key, CancellationToken ct)
        => (await HeadAsync(key.Value, ct))?.ToProperties(key);

    public async Task<bool> ExistsAsync(BlobKey key, CancellationToken ct) => await HeadAsync(key.Value, ct) is not null;

    public async Task DeleteAsync(BlobKey key, CancellationToken ct)
    {
        await _bucketCheck.EnsureAsync(ct);
        await _client.DeleteObjectAsync(_bucket, key.Value, ct);
    }

    public async Task<BlobPage> ListAsync(BlobPrefix prefix, string? continuationToken, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        await _bucketCheck.EnsureAsync(ct);
        var response = await _client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = _bucket,
            Prefix = prefix.Value,
            MaxKeys = pageSize,
            ContinuationToken = continuationToken,
        }, ct);
        var items = (response.S3Objects ?? [])
            .Select(o => new BlobItem(BlobKey.FromStore(o.Key), o.Size ?? 0, ToOffset(o.LastModified)))
            .ToList();
        return new BlobPage(items, response.IsTruncated == true ? response.NextContinuationToken : null);
    }

    public async Task<bool> CopyAsync(BlobKey source, BlobKey destination, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await HeadAsync(source.Value, ct) is not { } head)
            {
                return false;
            }
            try
            {
                await _copier.CopyAsync(source.Value, head.ETag, destination.Value, head.Size, head.ContentType, head.RawMetadata, ct);
                return true;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed && attempt < CopyAttempts)
            {
                // The source was replaced after we read its metadata: read it again so content and metadata match.
            }
            catch (AmazonS3Exception ex) when (S3Names.IsNotFound(ex))
            {
                return false;
            }
        }
    }

    private async Task<S3Head?> HeadAsync(string key, CancellationToken ct)
    {
        await _bucketCheck.EnsureAsync(ct);
        try
        {
            var response = await _client.GetObjectMetadataAsync(_bucket, key, ct);
            return new S3Head(response.ContentLength, response.Headers.ContentType ?? BlobProperties.DefaultContentType,
                ToOffset(response.LastModified), response.ETag, response.Metadata);
        }
        catch (AmazonS3Exception ex) when (S3Names.IsNotFound(ex))
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();

    private static DateTimeOffset ToOffset(DateTime? value)
        => value is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;

    private sealed record S3Head(long Size, string ContentType, DateTimeOffset LastModified, string ETag, MetadataCollection Metadata)
    {
        public IReadOnlyDictionary<string, string> RawMetadata
        {
            get
            {
                var (user, sha256) = S3Names.Read(Metadata);
                return sha256 is null ? user : new Dictionary<string, string>(user) { [S3Names.Sha256Metadata] = sha256 };
            }
        }

        public BlobProperties ToProperties(BlobKey key)
        {
            var (user, sha256) = S3Names.Read(Metadata);
            return new BlobProperties(key, Size, ContentType, sha256, LastModified, user);
        }
    }
}
