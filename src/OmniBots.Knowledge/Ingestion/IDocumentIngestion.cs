namespace OmniBots.Knowledge.Ingestion;

/// <summary>
/// The one way a file enters a knowledge base — uploads, web pages and external connectors all use it — so
/// limits, duplicate detection, blob storage and the indexing job are the same for every origin. Tenant from the scope.
/// </summary>
internal interface IDocumentIngestion
{
    /// <summary>
    /// Stores the original and queues its indexing. For a source, <paramref name="file"/>'s external id identifies
    /// the document: the same id again replaces it (re-indexed only when the content hash changed).
    /// </summary>
    /// <remarks>
    /// Outcomes: <see cref="IngestOutcome.Queued"/> (stored, indexing job queued; for a known source file: its original
    /// replaced, same document id); <see cref="IngestOutcome.Unchanged"/> (a source file sent again with the same SHA-256:
    /// nothing written); <see cref="IngestOutcome.Duplicate"/> (another document of the knowledge base has the same
    /// SHA-256: nothing stored, <see cref="IngestResult.DocumentId"/> is that document); <see cref="IngestOutcome.Rejected"/>
    /// (over <c>Knowledge:Uploads</c> limits, or no such knowledge base: <see cref="IngestResult.Problem"/> says which).
    /// The content is read to its end (at most the per-file limit + 1 byte) before anything is stored.
    /// </remarks>
    Task<IngestResult> IngestAsync(Guid knowledgeBaseId, IngestFile file, CancellationToken cancellationToken);

    /// <summary>Removes a source's document (deleted upstream) from storage and the index.</summary>
    Task<bool> RemoveAsync(Guid knowledgeBaseId, Guid sourceId, string externalId, CancellationToken cancellationToken);
}

/// <summary><paramref name="Content"/> is read once; <paramref name="SourceId"/>/<paramref name="ExternalId"/> are null for uploads.</summary>
internal sealed record IngestFile(string FileName, string? ContentType, Stream Content, Guid? SourceId = null, string? ExternalId = null)
{
    /// <summary>For web pages and source files: the address a citation links to.</summary>
    public Uri? Url { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>Outcome: <see cref="Duplicate"/> means an identical file (same SHA-256) is already in the knowledge base.</summary>
internal sealed record IngestResult(Guid DocumentId, IngestOutcome Outcome, string? Problem = null);

internal enum IngestOutcome
{
    Queued,
    Unchanged,
    Duplicate,
    Rejected,
}
