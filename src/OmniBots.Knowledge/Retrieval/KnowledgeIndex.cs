using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Retrieval.Analysis;
using OmniBots.Knowledge.Retrieval.Lexical;
using OmniBots.Knowledge.Retrieval.Vectors;

namespace OmniBots.Knowledge.Retrieval;

/// <summary>
/// One generation of one knowledge base, ready to search: its chunks, two BM25F indexes — over chunks and
/// over whole documents (all their chunks) — and, if embedded, the vectors. Immutable; thread-safe.
/// </summary>
internal sealed class KnowledgeIndex
{
    /// <summary>
    /// The share of a chunk's lexical score that comes from its whole document. A chunk is judged by its own
    /// words and by its article's, equally: a help article answers one topic, and the section holding the
    /// answer often lacks words of the question that other sections of the article have (passage retrieval
    /// with document evidence, as in Callan, SIGIR 1994). Without it chunk-level BM25 loses to article-level.
    /// </summary>
    public const float DocumentEvidenceWeight = 0.5f;

    private readonly int[] documentOfChunk;
    private long? estimatedBytes;

    private KnowledgeIndex(Guid tenantId, ChunkSet set, LexicalIndex chunks, LexicalIndex documents, int[] documentOfChunk, VectorIndex? vectors)
    {
        TenantId = tenantId;
        KnowledgeBaseId = set.KnowledgeBaseId;
        Generation = set.Generation;
        Chunks = set.Chunks;
        Lexical = chunks;
        DocumentLexical = documents;
        this.documentOfChunk = documentOfChunk;
        Vectors = vectors;
        EmbeddingModel = set.EmbeddingModel;
    }

    public Guid TenantId { get; }
    public Guid KnowledgeBaseId { get; }
    public int Generation { get; }
    public IReadOnlyList<IndexedChunk> Chunks { get; }
    public LexicalIndex Lexical { get; }
    public LexicalIndex DocumentLexical { get; }
    public VectorIndex? Vectors { get; }
    /// <summary>The model the vectors came from: queries must be embedded with it (null: lexical only).</summary>
    public string? EmbeddingModel { get; }
    public float DocumentWeight { get; private init; } = DocumentEvidenceWeight;

    public static KnowledgeIndex Build(
        Guid tenantId, ChunkSet set, TextAnalyzer? analyzer = null, Bm25Parameters? parameters = null, float documentEvidenceWeight = DocumentEvidenceWeight)
    {
        ArgumentNullException.ThrowIfNull(set);
        analyzer ??= TextAnalyzer.Default;
        parameters ??= Bm25Parameters.Default;
        var documents = set.Chunks.Select((c, i) => (Chunk: c, Index: i)).GroupBy(c => c.Chunk.DocumentId).ToList();
        var documentOfChunk = new int[set.Chunks.Count];
        var units = new List<LexicalIndex.LexicalUnit>(documents.Count);
        foreach (var document in documents)
        {
            foreach (var (_, index) in document)
            {
                documentOfChunk[index] = units.Count;
            }
            var ordered = document.OrderBy(c => c.Chunk.Position).Select(c => c.Chunk).ToList();
            units.Add(new LexicalIndex.LexicalUnit(ordered[0].DocumentTitle, string.Join("\n\n", ordered.Select(c => c.Text))));
        }
        var chunkIndex = LexicalIndex.Build(set.Chunks, analyzer, parameters);
        var documentIndex = LexicalIndex.Build(units, analyzer, parameters);
        return new KnowledgeIndex(tenantId, set, chunkIndex, documentIndex, documentOfChunk, VectorIndex.Build(set.Chunks))
        {
            DocumentWeight = documentEvidenceWeight,
        };
    }

    /// <summary>Chunks by BM25F blended with their document's (see <see cref="DocumentEvidenceWeight"/>); coverage in [0, 1].</summary>
    public List<LexicalHit> SearchLexical(string query, int k, Func<int, bool>? filter)
    {
        var documentCoverage = DocumentLexical.CoverageOfAll(query);
        return Lexical.Search(query, k, filter, chunk => documentCoverage[documentOfChunk[chunk]], DocumentWeight);
    }

    /// <summary>Bytes held: lexical postings + vectors + a rough per-chunk figure for the chunk records and their text.</summary>
    public long EstimatedBytes() => estimatedBytes ??=
        Lexical.EstimatedBytes() + DocumentLexical.EstimatedBytes() + (Vectors?.EstimatedBytes() ?? 0)
        + Chunks.Sum(c => 200L + (c.Text.Length * 2L));
}
