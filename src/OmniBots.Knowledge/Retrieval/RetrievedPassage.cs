using OmniBots.Knowledge.Indexing;

namespace OmniBots.Knowledge.Retrieval;

/// <summary>
/// A passage returned by retrieval: one chunk, or adjacent chunks of one document merged (<see cref="ChunkIds"/>
/// in document order; <see cref="Chunk"/> is the best-ranked of them, for citation data).
/// <see cref="Score"/> is in [0, 1] and means, per mode: lexical — BM25F coverage, the share of the most the
/// query could score; vector — cosine similarity (negative clamped to 0); hybrid — the larger of the two
/// (fusion decides the order, this decides whether the passage is relevant at all).
/// <see cref="FusionScore"/> is the reciprocal-rank-fusion sum in hybrid mode (else null).
/// </summary>
internal sealed record RetrievedPassage(IndexedChunk Chunk, string Text, int TokenCount, float Score)
{
    public IReadOnlyList<Guid> ChunkIds { get; init; } = [Chunk.ChunkId];
    public float? LexicalScore { get; init; }
    public float? VectorScore { get; init; }
    public float? FusionScore { get; init; }
    /// <summary>The passage was cut to fit the token budget (only ever the first one, alone larger than the budget).</summary>
    public bool Truncated { get; init; }
}
