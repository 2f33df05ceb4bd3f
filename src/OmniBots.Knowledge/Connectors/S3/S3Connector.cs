using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.Connectors.S3;

/// <summary>
/// An S3 bucket (or an S3-compatible store at <see cref="SourceSettings.EndpointUrl"/>, path-style) under a prefix.
/// S3 has no change feed: every sync lists the prefix (ListObjectsV2, continuation tokens) and the ETag is the version,
/// so a key no longer listed was deleted and an unchanged ETag is not fetched again.
/// </summary>
internal sealed class S3Connector(SourceSettings settings, SourceCredentials credentials, NetworkGuard guard) : IKnowledgeConnector
{
    private readonly AmazonS3Client _client = CreateClient(settings, credentials);
    private readonly string _prefix = (settings.RootFolder ?? "").TrimStart('/');

    public async Task TestAsync(CancellationToken ct)
    {
        await EnsureEndpointAsync(ct);
        await CallAsync(() => _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = settings.Bucket, Prefix = _prefix, MaxKeys = 1 }, ct));
    }

    public async Task<ChangeSet> ListChangesAsync(SyncState state, CancellationToken ct)
    {
        await EnsureEndpointAsync(ct);
        var files = new List<RemoteFile>();
        var request = new ListObjectsV2Request { BucketName = settings.Bucket, Prefix = _prefix };
        ListObjectsV2Response page;
        do
        {
            page = await CallAsync(() => _client.ListObjectsV2Async(request, ct));
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key.EndsWith('/'))
                {
                    continue; // a "folder" marker object
                }
                var path = item.Key[_prefix.Length..].TrimStart('/');
                files.Add(new RemoteFile(item.Key, item.Key[(item.Key.LastIndexOf('/') + 1)..], path, item.ETag, item.Size,
                    item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : null,
                    new Uri($"s3://{settings.Bucket}/{item.Key}")));
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return new ChangeSet(files, [], null, IsFullListing: true);
    }

    public async Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct)
    {
        var response = await CallAsync(() => _client.GetObjectAsync(settings.Bucket, file.ExternalId, ct));
        return new FetchedFile(response.ResponseStream, response.Headers.ContentType, response.ETag);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task EnsureEndpointAsync(CancellationToken ct)
    {
        if (settings.EndpointUrl is { } endpoint)
        {
            await guard.EnsureAllowedAsync(new Uri(endpoint), ct);
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception ex)
        {
            throw new ConnectorException($"S3 answered {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (AmazonServiceException ex)
        {
            throw new ConnectorException($"S3 could not be reached: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"S3 could not be reached: {ex.Message}", ex);
        }
    }

    private static AmazonS3Client CreateClient(SourceSettings settings, SourceCredentials credentials)
    {
        var region = string.IsNullOrWhiteSpace(settings.Region) ? "us-east-1" : settings.Region;
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (string.IsNullOrWhiteSpace(settings.EndpointUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = settings.EndpointUrl;
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        return new AmazonS3Client(new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey), config);
    }
}
