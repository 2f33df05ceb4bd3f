namespace OmniBots.Knowledge.Indexing;

/// <summary>
/// One searchable chunk as retrieval sees it: the text with where it came from (for citations and filters)
/// and its embedding, when the knowledge base has an embedding model.
/// </summary>
internal sealed record IndexedChunk
{
    public required Guid ChunkId { get; init; }
    public required Guid DocumentId { get; init; }
    /// <summary>The web or external source the document came from; null for uploads.</summary>
    public Guid? SourceId { get; init; }
    public required string DocumentTitle { get; init; }
    /// <summary>Headings above the chunk, outermost first (e.g. ["Billing", "Refunds"]).</summary>
    public IReadOnlyList<string> HeadingPath { get; init; } = [];
    public int? Page { get; init; }
    /// <summary>Order of the chunk inside its document, from 0.</summary>
    public required int Position { get; init; }
    public required string Text { get; init; }
    public required int TokenCount { get; init; }
    /// <summary>Document metadata for filters (e.g. "language" → "en", "url" → ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>L2-normalised embedding, or null in lexical-only knowledge bases.</summary>
    public ReadOnlyMemory<float>? Vector { get; init; }
}

/// <summary>
/// Reads the chunks search may see: only documents whose indexing completed, of the knowledge base's
/// current index generation (a re-index builds the next generation beside it and switches when complete).
/// </summary>
internal interface IChunkStore
{
    /// <summary>The current (complete) generation of a knowledge base and its chunks; tenant from the scope.</summary>
    /// <remarks>An unknown knowledge base gives an empty set of generation 0.</remarks>
    Task<ChunkSet> ReadSearchableAsync(Guid knowledgeBaseId, CancellationToken cancellationToken);

    /// <summary>The live generation number alone (cheap): a cache compares it to decide whether to re-read; null for an unknown knowledge base.</summary>
    Task<int?> ReadLiveGenerationAsync(Guid knowledgeBaseId, CancellationToken cancellationToken);
}

internal sealed record ChunkSet(Guid KnowledgeBaseId, int Generation, IReadOnlyList<IndexedChunk> Chunks)
{
    /// <summary>The embedding model this generation's vectors came from (queries must be embedded with it); null: lexical only.</summary>
    public string? EmbeddingModel { get; init; }
}

/// <summary>Event (IEventBus) published with the knowledge base id whenever its searchable chunks change; caches rebuild on it.</summary>
internal static class KnowledgeEvents
{
    public const string IndexChanged = "knowledge.index_changed";
}
