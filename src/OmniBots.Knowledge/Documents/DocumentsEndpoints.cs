using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Contracts;
using OmniBots.Knowledge.Ingestion;
using OmniBots.Knowledge.KnowledgeBases;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Http.Limits;

namespace OmniBots.Knowledge.Documents;

/// <summary><c>/api/v1/knowledge-bases/{id}/documents</c> (KB-2): upload, list, get, download, re-index, delete.</summary>
internal static class DocumentsEndpoints
{
    // Multipart framing per file (headers, boundaries) on top of the file limits.
    private const long FramingBytes = 64 * 1024;

    public static void MapDocuments(this RouteGroupBuilder knowledgeBases, IServiceProvider services)
    {
        var limits = services.GetRequiredService<IOptions<UploadLimits>>().Value;
        var group = knowledgeBases.MapGroup("/{kbId:guid}/documents").WithTags("Knowledge documents");
        group.MapGet("", ListAsync).WithName("ListDocuments");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetDocument");
        group.MapGet("/{id:guid}/content", DownloadAsync).WithName("DownloadDocument").WithSummary("The original file.");
        group.MapPost("", UploadAsync).RequirePermission(Permissions.Knowledge.Write).WithName("UploadDocuments")
            .WithMaxRequestBodySize(limits.MaxFilesPerUpload * (limits.MaxFileBytes + FramingBytes) + FramingBytes)
            .WithSummary("Multipart upload (field name any): limits checked before anything is stored; duplicates reported, not stored twice.");
        group.MapPost("/{id:guid}/reindex", ReindexAsync).RequirePermission(Permissions.Knowledge.Write).WithName("ReindexDocument");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Knowledge.Write).WithName("DeleteDocument");
    }

    private static async Task<Results<Ok<IReadOnlyList<DocumentView>>, NotFound>> ListAsync(Guid kbId, KnowledgeBaseStore kbs, DocumentStore store, CancellationToken ct)
        => await kbs.FindAsync(kbId, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(await store.ListAsync(kbId, ct));

    private static async Task<Results<Ok<DocumentView>, NotFound>> GetAsync(Guid kbId, Guid id, DocumentStore store, CancellationToken ct)
        => await store.FindAsync(kbId, id, ct) is { } found ? TypedResults.Ok(found.View) : TypedResults.NotFound();

    private static async Task<IResult> DownloadAsync(Guid kbId, Guid id, DocumentStore store, ITenantBlobStore blobs, CancellationToken ct)
    {
        if (await store.FindAsync(kbId, id, ct) is not { } found)
        {
            return TypedResults.NotFound();
        }
        var blob = await blobs.GetAsync(found.BlobPath, ct);
        if (!blob.Found)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Stream(blob.Content, found.View.ContentType ?? "application/octet-stream", found.View.FileName);
    }

    private static async Task<Results<Accepted<UploadResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid kbId, HttpRequest request, KnowledgeBaseStore kbs, IDocumentIngestion ingestion, IOptions<UploadLimits> options, IAuditLog audit, CancellationToken ct)
    {
        var limits = options.Value;
        if (!request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["Send the files as multipart/form-data."] });
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limits.MaxFileBytes + FramingBytes, ValueCountLimit = limits.MaxFilesPerUpload + 100 }, ct);
        }
        catch (InvalidDataException e)
        {
            return TooLarge("File too large", $"A file is larger than the limit of {limits.MaxFileBytes} bytes per file ({e.Message}).", null);
        }
        var files = form.Files;
        if (files.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["No file in the request."] });
        }
        if (files.Count > limits.MaxFilesPerUpload)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [$"{files.Count} files sent; at most {limits.MaxFilesPerUpload} per upload."] });
        }
        if (files.FirstOrDefault(f => f.Length > limits.MaxFileBytes) is { } large)
        {
            return TooLarge("File too large", $"'{large.FileName}' is {large.Length} bytes; the limit is {limits.MaxFileBytes} bytes per file.", large.FileName);
        }
        if (await kbs.FindAsync(kbId, ct) is not { } kb)
        {
            return TypedResults.NotFound();
        }
        var incoming = files.Sum(f => f.Length);
        if (kb.Indexing.TotalBytes + incoming > limits.MaxKnowledgeBaseBytes)
        {
            return TooLarge("Knowledge base full",
                $"These files ({incoming} bytes) would take the knowledge base over its limit of {limits.MaxKnowledgeBaseBytes} bytes ({kb.Indexing.TotalBytes} used).", null);
        }
        var results = new List<UploadedFile>();
        foreach (var file in files)
        {
            await using var content = file.OpenReadStream();
            var result = await ingestion.IngestAsync(kbId, new IngestFile(file.FileName, file.ContentType, content), ct);
            results.Add(new UploadedFile(file.FileName, result.DocumentId == Guid.Empty ? null : result.DocumentId, result.Outcome.ToString().ToLowerInvariant(), result.Problem));
        }
        await audit.RecordAsync(new AuditEntry("knowledge_document.uploaded") { TargetType = "knowledge_base", TargetId = kbId.ToString(), Details = results }, ct);
        return TypedResults.Accepted($"/api/v1/knowledge-bases/{kbId}/documents", new UploadResponse(results));
    }

    private static async Task<Results<Accepted, NotFound>> ReindexAsync(Guid kbId, Guid id, DocumentStore store, CancellationToken ct)
        => await store.ReindexAsync(kbId, id, ct) ? TypedResults.Accepted($"/api/v1/knowledge-bases/{kbId}/documents/{id}") : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid kbId, Guid id, DocumentStore store, ITenantBlobStore blobs, IAuditLog audit, CancellationToken ct)
    {
        if (await store.DeleteAsync(kbId, id, ct) is not { } path)
        {
            return TypedResults.NotFound();
        }
        await blobs.DeleteAsync(path, ct);
        await audit.RecordAsync(new AuditEntry("knowledge_document.deleted") { TargetType = "knowledge_document", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TooLarge(string title, string detail, string? fileName)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: title,
            extensions: fileName is null ? null : new Dictionary<string, object?> { ["file"] = fileName });
}

/// <param name="Outcome">queued, duplicate (<see cref="DocumentId"/> is the existing document) or rejected (see <see cref="Problem"/>).</param>
internal sealed record UploadedFile(string FileName, Guid? DocumentId, string Outcome, string? Problem);

internal sealed record UploadResponse(IReadOnlyList<UploadedFile> Files);
