using System.Buffers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace OmniBots.Platform.Blobs.S3;

/// <summary>
/// Streams a body of unknown length to S3 while hashing it, holding one part in memory. A body that
/// fits in one part is one PUT. A larger one goes up in parts to a staging key and is then copied
/// to its key with its metadata (the SHA-256 is only known at the end, and S3 metadata is fixed
/// when an object is created); S3 makes the object visible whole, when the copy completes.
/// </summary>
internal sealed class S3Upload(IAmazonS3 client, string bucket, int partSize, S3Copier copier)
{
    public async Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType,
        IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var length = await ReadPartAsync(content, buffer, hash, ct);
            if (length < partSize)
            {
                var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                var request = new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key.Value,
                    ContentType = contentType,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    // aws-chunked bodies are AWS-only; a signed plain body works with every store.
                    UseChunkEncoding = false,
                };
                S3Names.Write(request.Metadata, metadata, sha256);
                await client.PutObjectAsync(request, ct);
                return new BlobWriteResult(key, length, sha256);
            }
            return await PutInPartsAsync(key, content, contentType, metadata, buffer, hash, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<BlobWriteResult> PutInPartsAsync(BlobKey key, Stream content, string contentType,
        IReadOnlyDictionary<string, string> metadata, byte[] buffer, IncrementalHash hash, CancellationToken ct)
    {
        var staging = S3Names.StagingPrefix + Guid.NewGuid().ToString("N");
        InitiateMultipartUploadResponse? upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = staging }, ct);
        try
        {
            var parts = new List<PartETag>();
            long size = 0;
            var length = partSize; // the first part is already in the buffer
            while (length > 0)
            {
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = staging,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                size += length;
                length = length < partSize ? 0 : await ReadPartAsync(content, buffer, hash, ct);
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = staging, UploadId = upload.UploadId, PartETags = parts,
            }, ct);
            upload = null;
            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            await copier.CopyAsync(staging, null, key.Value, size, contentType, WithSha(metadata, sha256), ct);
            return new BlobWriteResult(key, size, sha256);
        }
        finally
        {
            // Cleaned up whatever happened, and even when the caller gave up: a staging object or an
            // open upload left behind costs storage (a bucket lifecycle rule on _staging/ catches crashes).
            await CleanUpAsync(staging, upload?.UploadId);
        }
    }

    private async Task CleanUpAsync(string staging, string? openUploadId)
    {
        try
        {
            if (openUploadId is not null)
            {
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = staging, UploadId = openUploadId }, CancellationToken.None);
            }
            else
            {
                await client.DeleteObjectAsync(bucket, staging, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException)
        {
            // The upload's own outcome matters more than its clean-up; leftovers under _staging/ are
            // removed by the bucket's lifecycle rule (see Blobs/README.md).
        }
    }

    private static Dictionary<string, string> WithSha(IReadOnlyDictionary<string, string> metadata, string sha256)
        => new(metadata) { [S3Names.Sha256Metadata] = sha256 };

    /// <summary>Fills the buffer up to one part (fewer bytes only at the end of the body).</summary>
    private async Task<int> ReadPartAsync(Stream content, byte[] buffer, IncrementalHash hash, CancellationToken ct)
    {
        var length = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, ct);
        hash.AppendData(buffer, 0, length);
        return length;
    }
}
