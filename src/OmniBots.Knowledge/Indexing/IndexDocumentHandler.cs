using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Knowledge.Chunking;
using OmniBots.Knowledge.Parsing;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Knowledge.Indexing;

/// <summary>
/// The <c>knowledge.index</c> job (tenant from the job's scope): parse the original, chunk it with each target
/// generation's settings, embed in batches through the gateway when the generation has a model, then write the chunks
/// and the document's <c>document_indexes</c> row in one transaction (so search never sees half a document) and
/// publish <see cref="KnowledgeEvents.IndexChanged"/> at commit. A parse error is permanent: the document goes to
/// <c>error</c> with the reason and the job succeeds (no retry). Other failures throw and the queue retries with
/// backoff; the last attempt's failure is recorded on the document too.
/// </summary>
internal sealed class IndexDocumentHandler(
    ITenantBlobStore blobs, DocumentParsers parsers, ChunkEmbedder embedder, IndexWriter writer, ILogger<IndexDocumentHandler> logger)
    : IJobHandler
{
    public const string Kind = "knowledge.index";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var payload = job.PayloadAs<IndexDocumentPayload>() ?? throw new InvalidOperationException("Empty payload.");
        var document = await writer.ReadDocumentAsync(payload.DocumentId, ct);
        if (document is null)
        {
            return; // Deleted since it was queued.
        }
        var targets = await writer.TargetsAsync(document, payload.Generation, ct);
        if (targets.Count == 0)
        {
            return; // The generation it was queued for was abandoned or replaced.
        }
        try
        {
            await writer.MarkProcessingAsync(document, ct);
            ParsedDocument parsed;
            try
            {
                parsed = await ParseAsync(document, ct);
            }
            catch (UnparseableDocumentException e)
            {
                logger.LogInformation("Document {DocumentId} cannot be indexed: {Reason}", document.Id, e.Message);
                await writer.WriteErrorAsync(document, targets, e.Message, ct);
                return;
            }
            var perTarget = targets.Select(t => (Target: t, Chunks: Chunker.Split(parsed, t.ChunkSize, t.ChunkOverlap))).ToList();
            var progress = new IndexProgress(writer, document, perTarget.Sum(p => p.Chunks.Count));
            for (var i = 0; i < perTarget.Count; i++)
            {
                var (target, chunks) = perTarget[i];
                var vectors = await embedder.EmbedAsync(target.EmbeddingModel, parsed.Title, chunks, progress, ct);
                await writer.WriteAsync(document, target, parsed.Title, chunks, vectors, last: i == perTarget.Count - 1, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && job.Attempt >= job.MaxAttempts)
        {
            await writer.WriteErrorAsync(document, targets, $"Indexing failed after {job.Attempt} attempts: {e.Message}", CancellationToken.None);
            throw;
        }
    }

    private async Task<ParsedDocument> ParseAsync(IndexedDocument document, CancellationToken ct)
    {
        await using var blob = await blobs.GetAsync(document.BlobPath, ct);
        if (!blob.Found)
        {
            throw new UnparseableDocumentException("The original file is missing from storage.");
        }
        await using var buffered = new BufferedStream(blob.Content, 64 * 1024);
        var head = new byte[512];
        var read = await buffered.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var parser = parsers.Choose(document.FileName, document.ContentType, head.AsSpan(0, read))
            ?? throw new UnparseableDocumentException(
                $"Unsupported file type '{Path.GetExtension(document.FileName)}'. Supported: {string.Join(", ", DocumentParsers.SupportedExtensions)}.");
        await using var content = new ConcatenatedStream(head.AsMemory(0, read), buffered);
        try
        {
            return await parser.ParseAsync(content, document.FileName, ct);
        }
        catch (Exception e) when (e is not (UnparseableDocumentException or OperationCanceledException or IOException or HttpRequestException))
        {
            // A parser bug or an odd construct it cannot read: retrying gives the same result, so the document gets a
            // permanent error that names the parser and the failure instead of a generic one after every retry.
            logger.LogWarning(e, "{Parser} failed on document {DocumentId}", parser.GetType().Name, document.Id);
            throw new UnparseableDocumentException(
                $"The file could not be read as {ParserFormat(parser)}: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static string ParserFormat(IDocumentParser parser) => parser.GetType().Name.Replace("Parser", "", StringComparison.Ordinal);
}

/// <summary>The document row the job works on; <see cref="BlobPath"/> fences writes (a newer upload changes it).</summary>
internal sealed record IndexedDocument(Guid Id, Guid KnowledgeBaseId, string FileName, string? ContentType, string BlobPath);

/// <summary>Chunks done out of total, written to the document after each embedding batch.</summary>
internal sealed class IndexProgress(IndexWriter writer, IndexedDocument document, int total)
{
    public int Done { get; private set; }

    public async Task AdvanceAsync(int chunks, CancellationToken ct)
    {
        Done += chunks;
        await writer.ReportProgressAsync(document, Done, total, ct);
    }
}
