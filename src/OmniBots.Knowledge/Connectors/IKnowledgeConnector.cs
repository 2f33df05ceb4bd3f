namespace OmniBots.Knowledge.Connectors;

/// <summary>
/// One source's peer (S3, Azure Blob, Graph, Google Drive, a web site), created per sync from the source's settings and
/// unprotected credentials. Errors of the peer (refused credentials, missing bucket) are <see cref="ConnectorException"/>
/// with the peer's own message.
/// </summary>
internal interface IKnowledgeConnector : IAsyncDisposable
{
    /// <summary>A real call to the peer proving the settings and credentials work.</summary>
    Task TestAsync(CancellationToken ct);

    /// <summary>What changed since <see cref="SyncState.Cursor"/> (null: everything).</summary>
    Task<ChangeSet> ListChangesAsync(SyncState state, CancellationToken ct);

    Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct);
}

/// <param name="Cursor">The cursor the last successful sync saved.</param>
/// <param name="KnownVersions">External id → version of what the index holds, so a connector can ask conditionally.</param>
internal sealed record SyncState(string? Cursor, IReadOnlyDictionary<string, string?> KnownVersions);

/// <param name="Path">The path under the root the include/exclude globs are matched against.</param>
internal sealed record RemoteFile(string ExternalId, string Name, string Path, string? Version, long? Size, DateTimeOffset? Modified, Uri? Url)
{
    public string? ContentType { get; init; }
}

/// <param name="IsFullListing">True when <see cref="Changed"/> lists every file (S3, Azure, web): a known file not
/// listed was deleted. False for delta APIs, which report deletions in <see cref="Deleted"/>.</param>
internal sealed record ChangeSet(IReadOnlyList<RemoteFile> Changed, IReadOnlyList<string> Deleted, string? NextCursor, bool IsFullListing);

/// <summary>The content, read once and disposed by the caller.</summary>
internal sealed record FetchedFile(Stream Content, string? ContentType, string? Version) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>The peer refused or failed: the message is the peer's error, shown to the user as is.</summary>
internal sealed class ConnectorException(string message, Exception? inner = null) : Exception(message, inner);
