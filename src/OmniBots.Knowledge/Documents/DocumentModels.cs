namespace OmniBots.Knowledge.Documents;

/// <summary>A document as the API lists it. <see cref="ChunkCount"/> counts its chunks in the live generation;
/// <see cref="Progress"/> is the current indexing run's chunks embedded and written out of its total.</summary>
internal sealed record DocumentView(
    Guid Id,
    Guid KnowledgeBaseId,
    string FileName,
    string? ContentType,
    long SizeBytes,
    string Sha256,
    string? Title,
    string Status,
    string? Error,
    int ChunkCount,
    DocumentProgress Progress,
    Guid? SourceId,
    string? ExternalId,
    string? Url,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? IndexedAt);

internal sealed record DocumentProgress(int Done, int Total);

internal static class DocumentStatuses
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Indexed = "indexed";
    public const string Error = "error";
}
