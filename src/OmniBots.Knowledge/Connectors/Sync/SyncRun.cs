using Npgsql;
using OmniBots.Knowledge.Ingestion;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.Connectors.Sync;

/// <summary>The work of one sync, with its counts and per-file failures.</summary>
internal sealed class SyncRun(SyncSource source, NpgsqlConnection connection, IDocumentIngestion ingestion, TimeProvider time)
{
    private int _added, _updated, _unchanged, _skipped, _removed;

    /// <summary>Files that could not be fetched: the cursor stays, the next sync tries them again.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Files ingestion refused (unreadable, too big): reported, but not tried again until they change.</summary>
    public List<string> Refusals { get; } = [];
    public string? NextCursor { get; private set; }
    public SyncCounts Counts => new(_added, _updated, _unchanged, _skipped, _removed, Failures.Count);

    public async Task RunAsync(IKnowledgeConnector connector, CancellationToken ct)
    {
        var known = await SyncStore.KnownAsync(connection, source.Id, ct);
        var changes = await connector.ListChangesAsync(
            new SyncState(source.Cursor, known.ToDictionary(item => item.Key, item => item.Value.Version, StringComparer.Ordinal)), ct);
        var filter = new FileFilter(source.Settings);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var toRemove = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in changes.Changed)
        {
            listed.Add(file.ExternalId);
            known.TryGetValue(file.ExternalId, out var before);
            if (filter.Refuse(file) is not null)
            {
                _skipped++;
                if (before is not null)
                {
                    toRemove.Add(file.ExternalId); // indexed before the filters changed
                }
                continue;
            }
            if (before is { Version: { } version } && version == file.Version)
            {
                _unchanged++;
                continue;
            }
            await IngestAsync(connector, file, before, ct);
        }
        var deleted = changes.IsFullListing ? known.Keys.Where(id => !listed.Contains(id)) : changes.Deleted.Where(known.ContainsKey);
        toRemove.UnionWith(deleted);
        foreach (var externalId in toRemove)
        {
            await ingestion.RemoveAsync(source.KnowledgeBaseId, source.Id, externalId, ct);
            await SyncStore.RemoveItemAsync(connection, source.Id, externalId, ct);
            _removed++;
        }
        NextCursor = changes.NextCursor;
    }

    private async Task IngestAsync(IKnowledgeConnector connector, RemoteFile file, KnownItem? before, CancellationToken ct)
    {
        try
        {
            await using var fetched = await connector.FetchAsync(file, ct);
            var result = await ingestion.IngestAsync(source.KnowledgeBaseId,
                new IngestFile(file.Name, fetched.ContentType ?? file.ContentType, fetched.Content, source.Id, file.ExternalId) { Url = file.Url }, ct);
            switch (result.Outcome)
            {
                case IngestOutcome.Queued when before is null:
                    _added++;
                    break;
                case IngestOutcome.Queued:
                    _updated++;
                    break;
                case IngestOutcome.Unchanged:
                    _unchanged++;
                    break;
                default:
                    // Duplicate of another document or refused (too big, unreadable): remembered by version so it is
                    // not fetched again until it changes.
                    _skipped++;
                    if (result.Problem is { } problem)
                    {
                        Refusals.Add($"{file.Name}: {problem}");
                    }
                    break;
            }
            // A duplicate's id is another document's: the item keeps none of its own.
            Guid? documentId = result.Outcome is IngestOutcome.Queued or IngestOutcome.Unchanged ? result.DocumentId : null;
            await SyncStore.SaveItemAsync(connection, source.Id, file.ExternalId, fetched.Version ?? file.Version, documentId, time.GetUtcNow(), ct);
        }
        catch (ConnectorException ex)
        {
            Failures.Add($"{file.Name}: {ex.Message}");
        }
    }
}
