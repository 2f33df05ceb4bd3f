using OmniBots.Fakes.GoogleDrive;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Connectors.GoogleDrive;
using OmniBots.Knowledge.Sources;
using Xunit;

namespace OmniBots.Knowledge.Tests.Connectors;

public sealed class GoogleDriveConnectorTests : IAsyncLifetime
{
    private FakeGoogleDriveServer _drive = null!;

    public async Task InitializeAsync() => _drive = await FakeGoogleDriveServer.StartAsync();

    public async Task DisposeAsync() => await _drive.DisposeAsync();

    private GoogleDriveConnector Connector(string refreshToken = FakeGoogleDriveServer.RefreshToken) => new(
        new SourceSettings { RootFolder = FakeGoogleDriveServer.RootFolderId, GoogleApiUrl = _drive.BaseUrl.ToString(), GoogleTokenUrl = _drive.TokenUrl.ToString() },
        new SourceCredentials { GoogleClientId = FakeGoogleDriveServer.ClientId, GoogleClientSecret = FakeGoogleDriveServer.ClientSecret, RefreshToken = refreshToken },
        ConnectorTestKit.Http());

    [Fact]
    public async Task The_first_sync_walks_the_folder_tree_across_pages_and_names_exported_docs()
    {
        var sub = _drive.Folder("Policies");
        _drive.File("a.txt", "alpha");
        _drive.File("b.txt", "beta");
        _drive.File("c.txt", "gamma");
        _drive.File("refunds.txt", "Refunds within 30 days.", sub);
        _drive.File("Handbook", "Welcome aboard.", mimeType: "application/vnd.google-apps.document");
        _drive.File("Form", "", mimeType: "application/vnd.google-apps.form");
        await using var connector = Connector();

        var changes = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.True(changes.IsFullListing);
        Assert.NotNull(changes.NextCursor);
        Assert.Equal(["Handbook.txt", "Policies/refunds.txt", "a.txt", "b.txt", "c.txt"], changes.Changed.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Contains(_drive.Requests, r => r.Contains("pageToken=2", StringComparison.Ordinal));
        Assert.Equal("Exported Handbook: Welcome aboard.", await ConnectorTestKit.ReadAsync(connector, changes.Changed.Single(f => f.Name == "Handbook.txt")));
        Assert.Equal("alpha", await ConnectorTestKit.ReadAsync(connector, changes.Changed.Single(f => f.Name == "a.txt")));
    }

    [Fact]
    public async Task Changes_since_the_token_report_edits_and_treat_trashed_removed_and_moved_out_files_as_deleted()
    {
        var outside = _drive.Folder("Elsewhere", parent: "another-root");
        var edited = _drive.File("edited.txt", "v1");
        var trashed = _drive.File("trashed.txt", "t");
        var removed = _drive.File("removed.txt", "r");
        var moved = _drive.File("moved.txt", "m");
        _drive.File("same.txt", "s");
        await using var connector = Connector();
        var first = await connector.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        _drive.Change(edited, "v2");
        _drive.Trash(trashed);
        _drive.Remove(removed);
        _drive.Move(moved, outside);
        var second = await connector.ListChangesAsync(ConnectorTestKit.Knowing(first), CancellationToken.None);

        Assert.False(second.IsFullListing);
        var changed = Assert.Single(second.Changed);
        Assert.Equal(edited, changed.ExternalId);
        Assert.NotEqual(first.Changed.Single(f => f.ExternalId == edited).Version, changed.Version);
        Assert.Equal(new[] { moved, removed, trashed }.Order(StringComparer.Ordinal), second.Deleted.Order(StringComparer.Ordinal));
        Assert.NotEqual(first.NextCursor, second.NextCursor);
    }

    [Fact]
    public async Task A_revoked_refresh_token_fails_the_connection_test_with_googles_error()
    {
        await using var connector = Connector("1//revoked");

        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.TestAsync(CancellationToken.None));

        Assert.Contains("invalid_grant", error.Message, StringComparison.Ordinal);
        Assert.Contains("expired or revoked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_refresh_token_passes_the_connection_test()
    {
        await using var connector = Connector();

        await connector.TestAsync(CancellationToken.None);

        Assert.Contains(_drive.Requests, r => r.StartsWith($"GET /drive/v3/files/{FakeGoogleDriveServer.RootFolderId}", StringComparison.Ordinal));
    }
}
