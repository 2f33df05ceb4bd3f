using OmniBots.Knowledge.Indexing;

namespace OmniBots.Knowledge.Retrieval;

/// <summary>
/// Runs a query against one knowledge base's index: lexical and/or vector candidates, fusion (hybrid),
/// the minimum score, de-duplication, top-k, then the token budget. Pure and synchronous: the caller embeds
/// the query and finds the index.
/// </summary>
internal static class Retriever
{
    /// <summary>
    /// Reciprocal rank fusion constant: score = Σ 1 / (k + rank). k = 60 is the value of Cormack, Clarke and
    /// Büttcher (SIGIR 2009), where it was robust across collections; it damps the top ranks so that one list
    /// alone cannot dominate and a chunk both lists rank well wins.
    /// </summary>
    public const int RrfK = 60;

    /// <summary>Candidates fetched per list: more than top-k, so duplicates and merges still leave k passages.</summary>
    private static int CandidateDepth(int topK) => Math.Max(50, topK * 5);

    public static List<RetrievedPassage> Retrieve(KnowledgeIndex index, RetrievalQuery query)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(query);
        var filter = BuildFilter(index.Chunks, query.Filters);
        var depth = CandidateDepth(query.TopK);
        var useLexical = query.Mode != SearchMode.Vector;
        var useVectors = query.Mode != SearchMode.Lexical && index.Vectors is not null && query.QueryVector is { Length: > 0 };

        List<Lexical.LexicalHit> lexical = [];
        List<Vectors.VectorHit> vector = [];
        if (useLexical && useVectors)
        {
            // Independent scans: run side by side (the vector scan is memory-bound, the lexical one branchy).
            Parallel.Invoke(
                () => lexical = index.SearchLexical(query.Text, depth, filter),
                () => vector = index.Vectors!.Search(query.QueryVector!.Value.Span, depth, filter));
        }
        else if (useLexical)
        {
            lexical = index.SearchLexical(query.Text, depth, filter);
        }
        else if (useVectors)
        {
            vector = index.Vectors!.Search(query.QueryVector!.Value.Span, depth, filter);
        }

        var candidates = new Dictionary<int, Candidate>();
        for (var rank = 0; rank < lexical.Count; rank++)
        {
            Get(lexical[rank].Chunk).Lexical = (rank, lexical[rank].Coverage);
        }
        for (var rank = 0; rank < vector.Count; rank++)
        {
            Get(vector[rank].Chunk).Vector = (rank, Math.Max(0, vector[rank].Similarity));
        }

        var fused = useLexical && useVectors;
        var ordered = candidates.Values
            .Where(c => c.Score >= query.MinScore)
            .OrderByDescending(c => fused ? c.Fusion : c.Score)
            .ThenBy(c => c.Chunk)
            .Select(c => new RetrievedPassage(index.Chunks[c.Chunk], index.Chunks[c.Chunk].Text, index.Chunks[c.Chunk].TokenCount, c.Score)
            {
                LexicalScore = c.Lexical?.Score,
                VectorScore = c.Vector?.Score,
                FusionScore = fused ? c.Fusion : null,
            });
        var passages = Deduplicator.Collapse(ordered, query.TopK);
        return query.TokenBudget is { } budget ? TokenBudgetFitter.Fit(passages, budget) : passages;

        Candidate Get(int chunk)
        {
            if (!candidates.TryGetValue(chunk, out var candidate))
            {
                candidates[chunk] = candidate = new Candidate(chunk);
            }
            return candidate;
        }
    }

    private static Func<int, bool>? BuildFilter(IReadOnlyList<IndexedChunk> chunks, SearchFilters filters)
    {
        if (filters.IsEmpty)
        {
            return null;
        }
        var documents = filters.DocumentIds.ToHashSet();
        var sources = filters.SourceIds.ToHashSet();
        var allowed = new bool[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            allowed[i] = (documents.Count == 0 || documents.Contains(chunk.DocumentId))
                && (sources.Count == 0 || (chunk.SourceId is { } source && sources.Contains(source)))
                && filters.Metadata.All(m => chunk.Metadata.TryGetValue(m.Key, out var value) && string.Equals(value, m.Value, StringComparison.Ordinal));
        }
        return i => allowed[i];
    }

    private sealed class Candidate(int chunk)
    {
        public int Chunk { get; } = chunk;
        public (int Rank, float Score)? Lexical { get; set; }
        public (int Rank, float Score)? Vector { get; set; }

        public float Score => Math.Max(Lexical?.Score ?? 0, Vector?.Score ?? 0);

        /// <summary>Σ 1/(k + rank) with 1-based ranks over the lists that found the chunk.</summary>
        public float Fusion =>
            (Lexical is { } l ? 1f / (RrfK + l.Rank + 1) : 0) + (Vector is { } v ? 1f / (RrfK + v.Rank + 1) : 0);
    }
}
