using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using OmniBots.Fakes;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Connectors.S3;
using OmniBots.Knowledge.Sources;
using Xunit;

namespace OmniBots.Knowledge.Tests.Connectors;

/// <summary>The S3 connector against the real moto_server.</summary>
public sealed class S3ConnectorTests : IAsyncLifetime
{
    private MotoServer _moto = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync();
        _s3 = new AmazonS3Client(new BasicAWSCredentials(MotoServer.AccessKeyId, MotoServer.SecretAccessKey),
            new AmazonS3Config { ServiceURL = _moto.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _moto.DisposeAsync();
    }

    private S3Connector Connector(string bucket, string? root = null, bool allowPrivate = true) => new(
        new SourceSettings { Bucket = bucket, RootFolder = root, EndpointUrl = _moto.ServiceUrl.ToString(), Region = MotoServer.Region },
        new SourceCredentials { AccessKeyId = MotoServer.AccessKeyId, SecretAccessKey = MotoServer.SecretAccessKey }, ConnectorTestKit.Guard(allowPrivate));

    private async Task PutAsync(string bucket, string key, string content)
        => await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content, ContentType = "text/plain" });

    [Fact]
    public async Task Lists_every_object_under_the_prefix_across_continuation_pages()
    {
        await _s3.PutBucketAsync("listing");
        for (var i = 0; i < 1005; i++)
        {
            await PutAsync("listing", $"kb/{i:D4}.txt", $"file {i}");
        }
        await PutAsync("listing", "elsewhere/x.txt", "x");
        await using var connector = Connector("listing", "kb/");

        var changes = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.True(changes.IsFullListing);
        Assert.Equal(1005, changes.Changed.Count);
        Assert.All(changes.Changed, f => Assert.StartsWith("kb/", f.ExternalId, StringComparison.Ordinal));
        Assert.Contains(changes.Changed, f => f.ExternalId == "kb/0007.txt" && f.Path == "0007.txt" && f.Size == 6 && !string.IsNullOrEmpty(f.Version));
    }

    [Fact]
    public async Task A_changed_object_gets_a_new_etag_and_is_fetched_with_its_content()
    {
        await _s3.PutBucketAsync("changes");
        await PutAsync("changes", "a.txt", "first");
        await using var connector = Connector("changes");
        var first = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        await PutAsync("changes", "a.txt", "second version");
        var second = await connector.ListChangesAsync(ConnectorTestKit.Knowing(first), CancellationToken.None);

        Assert.NotEqual(first.Changed.Single().Version, second.Changed.Single().Version);
        Assert.Equal("second version", await ConnectorTestKit.ReadAsync(connector, second.Changed.Single()));
    }

    [Fact]
    public async Task A_deleted_object_is_no_longer_listed()
    {
        await _s3.PutBucketAsync("deletions");
        await PutAsync("deletions", "keep.txt", "k");
        await PutAsync("deletions", "drop.txt", "d");
        await using var connector = Connector("deletions");

        await _s3.DeleteObjectAsync("deletions", "drop.txt");
        var changes = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.Equal(["keep.txt"], changes.Changed.Select(f => f.ExternalId));
    }

    [Fact]
    public async Task A_missing_bucket_fails_the_connection_test_with_the_peers_error()
    {
        await using var connector = Connector("no-such-bucket");

        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.TestAsync(CancellationToken.None));

        Assert.Contains("NoSuchBucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_on_loopback_is_refused_unless_private_networks_are_allowed()
    {
        await _s3.PutBucketAsync("guarded");
        await using var connector = Connector("guarded", allowPrivate: false);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.TestAsync(CancellationToken.None));

        Assert.Contains("private or loopback", error.Message, StringComparison.Ordinal);
    }
}
