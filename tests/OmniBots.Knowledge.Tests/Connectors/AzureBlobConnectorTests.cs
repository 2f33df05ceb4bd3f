using OmniBots.Fakes.AzureBlob;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Connectors.AzureBlob;
using OmniBots.Knowledge.Sources;
using Xunit;

namespace OmniBots.Knowledge.Tests.Connectors;

public sealed class AzureBlobConnectorTests : IAsyncLifetime
{
    private FakeAzureBlobServer _azure = null!;

    public async Task InitializeAsync() => _azure = await FakeAzureBlobServer.StartAsync();

    public async Task DisposeAsync() => await _azure.DisposeAsync();

    private AzureBlobConnector Connector(string container, AzureStorageAccount? account = null, string? root = null)
        => new(new SourceSettings { Container = container, RootFolder = root }, account ?? AzureStorageAccount.FromConnectionString(_azure.ConnectionString),
            ConnectorTestKit.Http(), TimeProvider.System);

    [Fact]
    public async Task Lists_the_blobs_under_the_prefix_across_pages_signed_with_shared_key()
    {
        _azure.Put("docs", "handbook/a.txt", "alpha");
        _azure.Put("docs", "handbook/sub/b.md", "beta");
        _azure.Put("docs", "other/c.txt", "gamma");
        for (var i = 0; i < 5001 - 2; i++)
        {
            _azure.Put("docs", $"handbook/bulk/{i:D5}.txt", "x");
        }
        await using var connector = Connector("docs", root: "handbook/");

        var changes = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.True(changes.IsFullListing);
        Assert.Equal(5001, changes.Changed.Count);
        Assert.Contains(changes.Changed, f => f.ExternalId == "handbook/sub/b.md" && f.Path == "sub/b.md" && f.Name == "b.md" && f.Size == 4 && f.Version != null);
        Assert.DoesNotContain(changes.Changed, f => f.ExternalId.StartsWith("other/", StringComparison.Ordinal));
        Assert.Contains(_azure.Requests, r => r.Contains("marker=", StringComparison.Ordinal) && !r.Contains("marker=&", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetches_a_blob_and_a_new_version_changes_its_etag()
    {
        _azure.Put("fetch", "a.txt", "first");
        await using var connector = Connector("fetch");
        var first = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        _azure.Put("fetch", "a.txt", "second");
        var second = await connector.ListChangesAsync(ConnectorTestKit.Knowing(first), CancellationToken.None);

        Assert.NotEqual(first.Changed.Single().Version, second.Changed.Single().Version);
        Assert.Equal("second", await ConnectorTestKit.ReadAsync(connector, second.Changed.Single()));
    }

    [Fact]
    public async Task A_deleted_blob_is_no_longer_listed()
    {
        _azure.Put("gone", "keep.txt", "k");
        _azure.Put("gone", "drop.txt", "d");
        await using var connector = Connector("gone");
        _azure.Delete("gone", "drop.txt");

        var changes = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.Equal(["keep.txt"], changes.Changed.Select(f => f.ExternalId));
    }

    [Fact]
    public async Task A_sas_token_authorises_listing_and_fetching()
    {
        _azure.Put("sas", "s.txt", "by sas");
        await using var connector = Connector("sas", new AzureStorageAccount(_azure.BlobEndpoint, null, null, FakeAzureBlobServer.SasToken));

        var changes = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.Equal("by sas", await ConnectorTestKit.ReadAsync(connector, changes.Changed.Single()));
    }

    [Fact]
    public async Task A_wrong_account_key_fails_the_connection_test_with_azures_error()
    {
        var wrong = _azure.ConnectionString.Replace(FakeAzureBlobServer.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        await using var connector = Connector("docs", AzureStorageAccount.FromConnectionString(wrong));

        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.TestAsync(CancellationToken.None));

        Assert.Contains("403 AuthenticationFailed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_key_passes_the_connection_test()
    {
        await using var connector = Connector("empty");

        await connector.TestAsync(CancellationToken.None);

        Assert.Contains(_azure.Requests, r => r.Contains("comp=list", StringComparison.Ordinal));
    }
}
