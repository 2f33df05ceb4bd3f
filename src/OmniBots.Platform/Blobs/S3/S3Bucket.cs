using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace OmniBots.Platform.Blobs.S3;

/// <summary>
/// Checks once per process, on first use, that the bucket exists, and creates it when
/// <c>Blobs:S3:CreateBucketIfMissing</c> is on. Without the check a missing bucket would read as
/// "every blob is missing" (S3 answers HEAD with a bare 404 either way). A failed check is tried
/// again on the next use, so a store that was briefly down does not need a restart.
/// </summary>
internal sealed class S3Bucket(IAmazonS3 client, S3BlobOptions options)
{
    private readonly Lock _gate = new();
    private Task? _check;

    public Task EnsureAsync(CancellationToken ct)
    {
        Task check;
        lock (_gate)
        {
            if (_check is null || _check.IsFaulted || _check.IsCanceled)
            {
                _check = CheckAsync();
            }
            check = _check;
        }
        return check.IsCompletedSuccessfully ? Task.CompletedTask : check.WaitAsync(ct);
    }

    // Shared by every caller, so it runs on no caller's token.
    private async Task CheckAsync()
    {
        try
        {
            await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = options.Bucket, MaxKeys = 1 }, CancellationToken.None);
            return;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            if (!options.CreateBucketIfMissing)
            {
                throw new InvalidOperationException(
                    $"Blob bucket '{options.Bucket}' does not exist at {Where()}: create it, or set Blobs:S3:CreateBucketIfMissing to true.", ex);
            }
        }
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket, UseClientRegion = true }, CancellationToken.None);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketAlreadyOwnedByYou")
        {
            // Another replica created it first.
        }
    }

    private string Where() => string.IsNullOrWhiteSpace(options.ServiceUrl) ? $"AWS region {options.Region}" : options.ServiceUrl;
}
