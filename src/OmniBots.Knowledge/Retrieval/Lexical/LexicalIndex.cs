using System.Collections.Concurrent;
using OmniBots.Knowledge.Retrieval.Analysis;

namespace OmniBots.Knowledge.Retrieval.Lexical;

/// <summary>
/// An immutable in-memory BM25F index over one knowledge base's chunks (per-KB statistics: document
/// frequencies, average field lengths). Two fields: body (chunk text) and title (document title + heading
/// path). Terms are Porter2 stems; adjacent stem pairs are indexed as well for the phrase boost, compactly
/// (<see cref="PairPostings"/>: a pair is two term ids packed in a long, its postings slices of shared arrays).
/// Thread-safe for searching once built.
/// </summary>
internal sealed partial class LexicalIndex
{
    private const int MaxTypoCorrections = 3;
    private readonly Dictionary<string, int> termIds;
    private readonly Postings[] postings;
    private readonly float[] bodyNorm;
    private readonly float[] titleNorm;
    private readonly TypoCorrector? typos;
    private readonly PairPostings pairs;
    private readonly ConcurrentDictionary<string, (int TermId, float Weight)[]> typoCache = new(StringComparer.Ordinal);

    private LexicalIndex(
        TextAnalyzer analyzer, Bm25Parameters parameters, int chunkCount, Dictionary<string, int> termIds,
        Postings[] postings, float[] bodyNorm, float[] titleNorm, TypoCorrector? typos, PairPostings pairs)
    {
        this.pairs = pairs;
        Analyzer = analyzer;
        Parameters = parameters;
        ChunkCount = chunkCount;
        this.termIds = termIds;
        this.postings = postings;
        this.bodyNorm = bodyNorm;
        this.titleNorm = titleNorm;
        this.typos = typos;
    }

    public TextAnalyzer Analyzer { get; }
    public Bm25Parameters Parameters { get; }
    public int ChunkCount { get; }
    public int TermCount => termIds.Count;

    /// <summary>The chunk indexes holding a term, with its frequency per field.</summary>
    internal readonly record struct Postings(int[] Chunks, ushort[] BodyTf, ushort[] TitleTf)
    {
        public int DocumentFrequency => Chunks.Length;
    }

    /// <summary>Approximate managed bytes held (postings, norms, dictionaries), for the cache's memory bound.</summary>
    public long EstimatedBytes()
    {
        long bytes = (bodyNorm.Length + titleNorm.Length) * 4L;
        foreach (var p in postings)
        {
            bytes += 3 * 24 + (p.Chunks.Length * 8L);
        }
        bytes += termIds.Count * 64L;
        return bytes + pairs.EstimatedBytes() + (typos?.EstimatedBytes() ?? 0);
    }

    /// <summary>Lucene's BM25 idf: ln(1 + (N − df + 0.5) / (df + 0.5)), positive even for very common terms.</summary>
    internal float Idf(int documentFrequency) =>
        (float)Math.Log(1 + ((ChunkCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    internal bool TryGetPostings(string term, out Postings found)
    {
        if (termIds.TryGetValue(term, out var id))
        {
            found = postings[id];
            return true;
        }
        found = default;
        return false;
    }

    /// <summary>
    /// Up to three corrections of an unknown word, nearest first, then the more common word (the likelier
    /// intent); distance 1 weighs the full typo weight, distance 2 half of it.
    /// </summary>
    private (int TermId, float Weight)[] TypoMatches(string surface) =>
        typos is null
            ? []
            : typoCache.GetOrAdd(surface, s => typos.Corrections(s)
                .Select(c => (TermId: termIds[c.Term], c.Distance))
                .OrderBy(c => c.Distance).ThenByDescending(c => postings[c.TermId].DocumentFrequency).ThenBy(c => c.TermId)
                .Take(MaxTypoCorrections)
                .Select(c => (c.TermId, Parameters.TypoWeight / c.Distance))
                .ToArray());
}
