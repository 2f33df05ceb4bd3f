using Amazon.S3;
using Amazon.S3.Model;

namespace OmniBots.Platform.Blobs.S3;

/// <summary>
/// Server-side copies with the destination's metadata set explicitly. One CopyObject request up to
/// S3's 5 GiB limit; beyond it a multipart upload whose parts are copied from byte ranges of the source.
/// </summary>
internal sealed class S3Copier(IAmazonS3 client, string bucket, int partSize, long singleCopyLimit)
{
    /// <summary>S3 refuses CopyObject for larger sources.</summary>
    public const long MaxSingleCopyBytes = 5L * 1024 * 1024 * 1024;

    private const int MaxParts = 10_000;

    /// <param name="sourceETag">When given, the copy fails with 412 if the source changed since it was read.</param>
    /// <param name="metadata">The destination's complete user metadata, the store's own entries included.</param>
    public async Task CopyAsync(string sourceKey, string? sourceETag, string destinationKey, long size, string contentType,
        IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        if (size <= singleCopyLimit)
        {
            var request = new CopyObjectRequest
            {
                SourceBucket = bucket,
                SourceKey = sourceKey,
                DestinationBucket = bucket,
                DestinationKey = destinationKey,
                ETagToMatch = sourceETag,
                MetadataDirective = S3MetadataDirective.REPLACE,
                ContentType = contentType,
            };
            foreach (var (name, value) in metadata)
            {
                request.Metadata[name] = value;
            }
            await client.CopyObjectAsync(request, ct);
            return;
        }
        await CopyInPartsAsync(sourceKey, sourceETag, destinationKey, size, contentType, metadata, ct);
    }

    private async Task CopyInPartsAsync(string sourceKey, string? sourceETag, string destinationKey, long size, string contentType,
        IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = destinationKey, ContentType = contentType };
        foreach (var (name, value) in metadata)
        {
            initiate.Metadata[name] = value;
        }
        var upload = await client.InitiateMultipartUploadAsync(initiate, ct);
        var completed = false;
        try
        {
            var part = Math.Max(partSize, (size + MaxParts - 1) / MaxParts);
            var parts = new List<PartETag>();
            for (long first = 0; first < size; first += part)
            {
                var response = await client.CopyPartAsync(new CopyPartRequest
                {
                    SourceBucket = bucket,
                    SourceKey = sourceKey,
                    DestinationBucket = bucket,
                    DestinationKey = destinationKey,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    FirstByte = first,
                    LastByte = Math.Min(first + part, size) - 1,
                    ETagToMatch = sourceETag is null ? null : [sourceETag],
                }, ct);
                parts.Add(new PartETag(parts.Count + 1, response.ETag));
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = destinationKey, UploadId = upload.UploadId, PartETags = parts,
            }, ct);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                {
                    BucketName = bucket, Key = destinationKey, UploadId = upload.UploadId,
                }, CancellationToken.None);
            }
        }
    }
}
