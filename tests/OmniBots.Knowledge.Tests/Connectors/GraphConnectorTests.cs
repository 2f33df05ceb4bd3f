using OmniBots.Fakes.MicrosoftGraph;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Connectors.Graph;
using OmniBots.Knowledge.Sources;
using Xunit;

namespace OmniBots.Knowledge.Tests.Connectors;

public sealed class GraphConnectorTests : IAsyncLifetime
{
    private FakeGraphServer _graph = null!;

    public async Task InitializeAsync() => _graph = await FakeGraphServer.StartAsync();

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    private GraphConnector Connector(string? root = null, string secret = FakeGraphServer.ClientSecret, bool sharePoint = true) => new(
        new SourceSettings
        {
            DirectoryTenantId = FakeGraphServer.DirectoryTenant, ClientId = FakeGraphServer.ClientId, RootFolder = root,
            SiteId = sharePoint ? FakeGraphServer.SiteId : null, DriveId = sharePoint ? null : FakeGraphServer.DriveId,
            GraphUrl = _graph.BaseUrl.ToString(), AuthorityUrl = _graph.BaseUrl.ToString(),
        },
        new SourceCredentials { ClientSecret = secret }, ConnectorTestKit.Http());

    [Fact]
    public async Task The_first_delta_lists_every_file_under_the_root_folder_across_pages()
    {
        _graph.Put("Policies/refunds.txt", "Refunds within 30 days.");
        _graph.Put("Policies/Sub/shipping.txt", "Shipping is free.");
        _graph.Put("Policies/hours.txt", "Open 9 to 5.");
        _graph.Put("Private/salaries.txt", "secret");
        await using var connector = Connector("Policies");

        var changes = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.True(changes.IsFullListing);
        Assert.Equal(["Sub/shipping.txt", "hours.txt", "refunds.txt"], changes.Changed.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Contains(_graph.Requests, r => r.Contains("skip=2", StringComparison.Ordinal));
        Assert.Contains(_graph.Requests, r => r.StartsWith($"GET /v1.0/sites/{FakeGraphServer.SiteId}/drive", StringComparison.Ordinal));
        Assert.NotNull(changes.NextCursor);
    }

    [Fact]
    public async Task The_delta_link_returns_only_changes_and_deletions_since()
    {
        _graph.Put("Docs/a.txt", "first");
        _graph.Put("Docs/b.txt", "bee");
        await using var connector = Connector("Docs", sharePoint: false);
        var first = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);
        var bId = first.Changed.Single(f => f.Name == "b.txt").ExternalId;

        _graph.Put("Docs/a.txt", "second");
        _graph.Delete("Docs/b.txt");
        var second = await connector.ListChangesAsync(ConnectorTestKit.Knowing(first), CancellationToken.None);

        Assert.False(second.IsFullListing);
        var a = Assert.Single(second.Changed);
        Assert.NotEqual(first.Changed.Single(f => f.Name == "a.txt").Version, a.Version);
        Assert.Equal([bId], second.Deleted);
        Assert.Equal("second", await ConnectorTestKit.ReadAsync(connector, a));
        Assert.Contains(_graph.Requests, r => r.StartsWith("GET /download/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_the_connection_test_with_the_identity_platforms_error()
    {
        await using var connector = Connector(secret: "wrong");

        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.TestAsync(CancellationToken.None));

        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_credentials_pass_the_connection_test()
    {
        await using var connector = Connector();

        await connector.TestAsync(CancellationToken.None);

        Assert.Contains(_graph.Requests, r => r.StartsWith($"POST /{FakeGraphServer.DirectoryTenant}/oauth2/v2.0/token", StringComparison.Ordinal));
    }
}
