using Microsoft.Extensions.Logging;
using OmniBots.Knowledge.Ingestion;
using OmniBots.Knowledge.Sources;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Connectors.Sync;

/// <summary>
/// One incremental sync of one source, in its tenant's scope: list what changed since the cursor, fetch the changed
/// files that pass the filters and size limit into <see cref="IDocumentIngestion"/>, remove what was deleted, and only
/// then save the new cursor. A crash or a failed file leaves the cursor where it was, so the next run does the work
/// again (files already done are recognised by version) rather than skipping it. One sync per source at a time.
/// </summary>
internal sealed class SourceSyncHandler(
    TenantDatabase database, SourceStore sources, ConnectorFactory connectors, IDocumentIngestion ingestion, TimeProvider time,
    ILogger<SourceSyncHandler> logger) : IJobHandler
{
    public const string Kind = "knowledge.source-sync";

    public static string IdempotencyKey(Guid sourceId, DateTimeOffset due) => $"source-sync:{sourceId}:{due.UtcDateTime:O}";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var sourceId = job.PayloadAs<SyncPayload>()!.SourceId;
        await using var connection = await database.OpenAsync(ct);
        if (!await SyncStore.TryLockAsync(connection, sourceId, ct))
        {
            logger.LogInformation("Source {SourceId} is already syncing; this run ends", sourceId);
            return;
        }
        try
        {
            await SyncLockedAsync(connection, sourceId, ct);
        }
        finally
        {
            await SyncStore.UnlockAsync(connection, sourceId);
        }
    }

    private async Task SyncLockedAsync(Npgsql.NpgsqlConnection connection, Guid sourceId, CancellationToken ct)
    {
        if (await SyncStore.LoadAsync(connection, sourceId, ct) is not { Enabled: true } source)
        {
            return;
        }
        await SyncStore.StartedAsync(connection, sourceId, time.GetUtcNow(), ct);
        var next = time.GetUtcNow().AddMinutes(source.IntervalMinutes);
        try
        {
            var run = new SyncRun(source, connection, ingestion, time);
            await using (var connector = connectors.Create(source.Type, source.Settings, await sources.CredentialsAsync(sourceId, ct)))
            {
                await run.RunAsync(connector, ct);
            }
            var succeeded = run.Failures.Count == 0;
            var problems = run.Failures.Concat(run.Refusals).ToList();
            var error = problems.Count == 0 ? null : $"{problems.Count} file(s) not indexed: {string.Join("; ", problems.Take(5))}";
            await SyncStore.FinishedAsync(connection, sourceId, succeeded, succeeded ? run.NextCursor : null, run.Counts, error, time.GetUtcNow(), next, ct);
            logger.LogInformation("Source {SourceId} synced: {Counts}", sourceId, run.Counts);
        }
        catch (ConnectorException ex)
        {
            // The peer's answer (bad credentials, missing bucket): shown on the source; retrying now would get the same.
            await SyncStore.FinishedAsync(connection, sourceId, false, null, null, ex.Message, time.GetUtcNow(), next, ct);
            logger.LogWarning("Source {SourceId} sync failed: {Error}", sourceId, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await SyncStore.FinishedAsync(connection, sourceId, false, null, null, "The sync failed unexpectedly; it is retried.", time.GetUtcNow(), next, CancellationToken.None);
            throw;
        }
    }
}

internal sealed record SyncPayload(Guid SourceId);
