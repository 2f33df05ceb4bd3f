using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Blobs;

namespace OmniBots.Knowledge.KnowledgeBases;

/// <summary><c>/api/v1/knowledge-bases</c> (KB-1, KB-7): the tenant's knowledge bases and their settings.</summary>
internal static class KnowledgeBasesEndpoints
{
    public static RouteGroupBuilder MapKnowledgeBases(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/knowledge-bases").WithTags("Knowledge bases").RequirePermission(Permissions.Knowledge.Read);
        group.MapGet("", async (KnowledgeBaseStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct))).WithName("ListKnowledgeBases");
        group.MapGet("/{id:guid}", async Task<Results<Ok<KnowledgeBaseView>, NotFound>> (Guid id, KnowledgeBaseStore store, CancellationToken ct)
            => await store.FindAsync(id, ct) is { } kb ? TypedResults.Ok(kb) : TypedResults.NotFound()).WithName("GetKnowledgeBase");
        group.MapGet("/by-key/{key}", async Task<Results<Ok<KnowledgeBaseView>, NotFound>> (string key, KnowledgeBaseStore store, CancellationToken ct)
            => await store.FindByKeyAsync(key, ct) is { } kb ? TypedResults.Ok(kb) : TypedResults.NotFound()).WithName("GetKnowledgeBaseByKey")
            .WithSummary("The knowledge base with this key (dynamic selection at run time, KB-7).");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Knowledge.Write).WithName("CreateKnowledgeBase");
        group.MapPut("/{id:guid}", ReplaceAsync).RequirePermission(Permissions.Knowledge.Write).WithName("ReplaceKnowledgeBase")
            .WithSummary("Replaces the settings; a new embedding model or chunking re-indexes every document into a new generation.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Knowledge.Write).WithName("DeleteKnowledgeBase");
        return group;
    }

    private static async Task<Results<Created<KnowledgeBaseView>, ValidationProblem>> CreateAsync(
        KnowledgeBaseRequest request, KnowledgeBaseValidator validator, KnowledgeBaseStore store, IAuditLog audit, CancellationToken ct)
    {
        var (settings, errors) = await validator.ValidateAsync(request, ct);
        if (settings is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (outcome, kb) = await store.CreateAsync(settings, ct);
        if (outcome == KnowledgeBaseStore.Outcome.KeyTaken)
        {
            return KeyTaken(settings.Key);
        }
        await audit.RecordAsync(new AuditEntry("knowledge_base.created") { TargetType = "knowledge_base", TargetId = kb!.Id.ToString(), Details = settings }, ct);
        return TypedResults.Created($"/api/v1/knowledge-bases/{kb.Id}", kb);
    }

    private static async Task<Results<Ok<KnowledgeBaseView>, NotFound, ValidationProblem>> ReplaceAsync(
        Guid id, KnowledgeBaseRequest request, KnowledgeBaseValidator validator, KnowledgeBaseStore store, IAuditLog audit, CancellationToken ct)
    {
        var (settings, errors) = await validator.ValidateAsync(request, ct);
        if (settings is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (outcome, kb) = await store.ReplaceAsync(id, settings, ct);
        switch (outcome)
        {
            case KnowledgeBaseStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case KnowledgeBaseStore.Outcome.KeyTaken:
                return KeyTaken(settings.Key);
        }
        await audit.RecordAsync(new AuditEntry("knowledge_base.updated") { TargetType = "knowledge_base", TargetId = id.ToString(), Details = settings }, ct);
        return TypedResults.Ok(kb!);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, KnowledgeBaseStore store, ITenantBlobStore blobs, IAuditLog audit, CancellationToken ct)
    {
        if (await store.DeleteAsync(id, ct) is not { } paths)
        {
            return TypedResults.NotFound();
        }
        foreach (var path in paths)
        {
            await blobs.DeleteAsync(path, ct);
        }
        await audit.RecordAsync(new AuditEntry("knowledge_base.deleted") { TargetType = "knowledge_base", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }

    private static ValidationProblem KeyTaken(string? key)
        => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = [$"Another knowledge base has the key '{key}'."] });
}
