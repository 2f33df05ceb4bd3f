using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Connectors.Sync;
using OmniBots.Knowledge.Ingestion;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Knowledge.Sources;

/// <summary><c>/api/v1/knowledge-bases/{kbId}/sources</c> (SPEC KB-3, KB-4): web and external sources of a knowledge base.
/// Credentials are write-only: accepted on create and update, never returned (only <c>hasCredentials</c>).</summary>
internal static class SourcesEndpoints
{
    public static void MapKnowledgeSources(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/knowledge-bases/{kbId:guid}/sources").WithTags("Knowledge sources")
            .RequirePermission(Permissions.Knowledge.Read);
        group.MapGet("", async Task<Results<Ok<IReadOnlyList<SourceView>>, NotFound>> (Guid kbId, SourceStore store, CancellationToken ct)
            => await store.KnowledgeBaseExistsAsync(kbId, ct) ? TypedResults.Ok(await store.ListAsync(kbId, ct)) : TypedResults.NotFound())
            .WithName("ListKnowledgeSources");
        group.MapGet("/{id:guid}", async Task<Results<Ok<SourceView>, NotFound>> (Guid kbId, Guid id, SourceStore store, CancellationToken ct)
            => await store.FindAsync(kbId, id, ct) is { } source ? TypedResults.Ok(source) : TypedResults.NotFound()).WithName("GetKnowledgeSource");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Knowledge.Write).WithName("CreateKnowledgeSource")
            .WithSummary("Adds a web or external source; its first sync runs at the scheduler's next tick.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequirePermission(Permissions.Knowledge.Write).WithName("UpdateKnowledgeSource");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Knowledge.Write).WithName("DeleteKnowledgeSource")
            .WithSummary("Deletes the source and removes its documents from the knowledge base.");
        group.MapPost("/{id:guid}/test", TestAsync).RequirePermission(Permissions.Knowledge.Write).WithName("TestKnowledgeSource")
            .WithSummary("Calls the peer with the source's settings and credentials: ok, or the peer's error.");
        group.MapPost("/{id:guid}/sync", SyncAsync).RequirePermission(Permissions.Knowledge.Write).WithName("SyncKnowledgeSource")
            .WithSummary("Queues a sync now.");
    }

    private static async Task<Results<Created<SourceView>, ValidationProblem, NotFound>> CreateAsync(
        Guid kbId, CreateSourceRequest request, SourceStore store, IAuditLog audit, CancellationToken ct)
    {
        if (!await store.KnowledgeBaseExistsAsync(kbId, ct))
        {
            return TypedResults.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        var type = request.Type?.Trim().ToLowerInvariant() ?? "";
        if (!SourceTypes.All.Contains(type))
        {
            errors["type"] = [$"One of: {string.Join(", ", SourceTypes.All)}."];
        }
        SourceValidation.CheckName(request.Name, errors);
        SourceValidation.CheckInterval(request.SyncIntervalMinutes, errors);
        var settings = request.Settings ?? new SourceSettings();
        SourceValidation.CheckSettings(type, settings, request.Credentials, hasStoredCredentials: false, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var source = await store.CreateAsync(kbId, type, request.Name!.Trim(), settings, request.Credentials,
            request.SyncIntervalMinutes ?? SourceValidation.DefaultIntervalMinutes, request.Enabled ?? true, ct);
        await audit.RecordAsync(new AuditEntry("knowledge.source.created")
        {
            TargetType = "knowledge_source", TargetId = source.Id.ToString(),
            Details = new { knowledgeBaseId = kbId, type, name = source.Name, credentialsSet = request.Credentials is not null },
        }, ct);
        return TypedResults.Created($"/api/v1/knowledge-bases/{kbId}/sources/{source.Id}", source);
    }

    private static async Task<Results<Ok<SourceView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid kbId, Guid id, UpdateSourceRequest request, SourceStore store, IAuditLog audit, CancellationToken ct)
    {
        if (await store.FindAsync(kbId, id, ct) is not { } existing)
        {
            return TypedResults.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        if (request.Name is not null)
        {
            SourceValidation.CheckName(request.Name, errors);
        }
        SourceValidation.CheckInterval(request.SyncIntervalMinutes, errors);
        SourceValidation.CheckSettings(existing.Type, request.Settings ?? existing.Settings, request.Credentials, existing.HasCredentials, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var source = await store.UpdateAsync(kbId, id, request.Name?.Trim(), request.Settings, request.Credentials, request.SyncIntervalMinutes, request.Enabled, ct);
        if (source is null)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("knowledge.source.updated")
        {
            TargetType = "knowledge_source", TargetId = id.ToString(),
            Details = new { name = request.Name, settingsChanged = request.Settings is not null, credentialsChanged = request.Credentials is not null, request.SyncIntervalMinutes, request.Enabled },
        }, ct);
        return TypedResults.Ok(source);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid kbId, Guid id, SourceStore store, IDocumentIngestion ingestion, IAuditLog audit, CancellationToken ct)
    {
        if (await store.FindAsync(kbId, id, ct) is null)
        {
            return TypedResults.NotFound();
        }
        // Documents first: if this stops half-way, the source and its remaining items are still there to delete again.
        foreach (var externalId in await store.ItemIdsAsync(id, ct))
        {
            await ingestion.RemoveAsync(kbId, id, externalId, ct);
        }
        if (!await store.DeleteAsync(kbId, id, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("knowledge.source.deleted") { TargetType = "knowledge_source", TargetId = id.ToString(), Details = new { knowledgeBaseId = kbId } }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SourceTestResult>, NotFound>> TestAsync(
        Guid kbId, Guid id, SourceStore store, ConnectorFactory connectors, CancellationToken ct)
    {
        if (await store.FindAsync(kbId, id, ct) is not { } source)
        {
            return TypedResults.NotFound();
        }
        try
        {
            await using var connector = connectors.Create(source.Type, source.Settings, await store.CredentialsAsync(id, ct));
            await connector.TestAsync(ct);
            return TypedResults.Ok(new SourceTestResult(true, null));
        }
        catch (ConnectorException ex)
        {
            return TypedResults.Ok(new SourceTestResult(false, ex.Message));
        }
    }

    private static async Task<Results<Accepted<SyncQueued>, NotFound>> SyncAsync(
        Guid kbId, Guid id, SourceStore store, IJobQueue jobs, TimeProvider time, IAuditLog audit, CancellationToken ct)
    {
        if (await store.FindAsync(kbId, id, ct) is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow();
        var job = await jobs.EnqueueAsync(new JobRequest(SourceSyncHandler.Kind)
        {
            Payload = JsonSerializer.Serialize(new SyncPayload(id), JsonSerializerOptions.Web),
            IdempotencyKey = SourceSyncHandler.IdempotencyKey(id, now),
        }, ct);
        await audit.RecordAsync(new AuditEntry("knowledge.source.sync_requested") { TargetType = "knowledge_source", TargetId = id.ToString() }, ct);
        return TypedResults.Accepted($"/api/v1/knowledge-bases/{kbId}/sources/{id}", new SyncQueued(job.Id));
    }
}

internal sealed record SourceTestResult(bool Ok, string? Error);

internal sealed record SyncQueued(long JobId);
