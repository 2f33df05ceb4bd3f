using OmniBots.Knowledge.Retrieval.Analysis;
using OmniBots.Knowledge.Retrieval.Lexical;
using Xunit;

namespace OmniBots.Knowledge.Tests.Retrieval;

/// <summary>BM25 on a three-chunk corpus, against scores worked out by hand (k1 0.9, b 0.4, one field).</summary>
public sealed class Bm25Tests
{
    private static readonly Bm25Parameters OneField = Bm25Parameters.Plain;

    // Lengths 2, 3, 4 → average 3. idf = ln(1 + (N − df + 0.5) / (df + 0.5)), N = 3.
    private static LexicalIndex Corpus() => LexicalIndex.Build(
        [Chunks.Make("apple banana"), Chunks.Make("apple apple cherry"), Chunks.Make("cherry date elderberry fig")],
        new TextAnalyzer(AnalyzerOptions.Plain), OneField);

    [Fact]
    public void A_rare_term_scores_as_computed_by_hand()
    {
        // banana: df 1, idf = ln(1 + 2.5/1.5) = 0.980829. Chunk 0: norm = 1/(0.6 + 0.4·2/3) = 1.153846,
        // tf' = 1.153846, score = 0.980829 · 1.153846 · 1.9 / (0.9 + 1.153846) = 1.046953.
        var hit = Assert.Single(Corpus().Search("banana", 10));

        Assert.Equal(0, hit.Chunk);
        Assert.Equal(1.046953f, hit.Score, 0.0001f);
    }

    [Fact]
    public void Term_frequency_saturates_and_length_normalises_as_computed_by_hand()
    {
        // apple: df 2, idf = ln(1 + 1.5/2.5) = 0.470004.
        // Chunk 1 (len 3, norm 1, tf 2): 0.470004 · 2 · 1.9 / 2.9 = 0.615867.
        // Chunk 0 (len 2, tf' 1.153846): 0.470004 · 1.153846 · 1.9 / 2.053846 = 0.501689.
        var hits = Corpus().Search("apple", 10);

        Assert.Equal([1, 0], hits.Select(h => h.Chunk));
        Assert.Equal(0.615867f, hits[0].Score, 0.0001f);
        Assert.Equal(0.501689f, hits[1].Score, 0.0001f);
    }

    [Fact]
    public void Scores_of_query_words_add_up_and_coverage_is_the_share_of_the_maximum()
    {
        // "apple cherry" on chunk 1: apple 0.615867 + cherry (df 2, tf 1, norm 1: 0.470004 · 1.9 / 1.9 = 0.470004).
        // Maximum = 2 · 0.470004 · 1.9 = 1.786014; coverage = 1.085870 / 1.786014 = 0.607985.
        var top = Corpus().Search("apple cherry", 10)[0];

        Assert.Equal(1, top.Chunk);
        Assert.Equal(1.085870f, top.Score, 0.0001f);
        Assert.Equal(0.607985f, top.Coverage, 0.0001f);
    }

    [Fact]
    public void A_word_the_knowledge_base_never_saw_lowers_coverage()
    {
        var known = Corpus().Search("banana", 10)[0].Coverage;
        var halfUnknown = Corpus().Search("banana zeppelin", 10)[0].Coverage;

        Assert.True(halfUnknown < known / 1.5, $"{halfUnknown} vs {known}");
    }
}
