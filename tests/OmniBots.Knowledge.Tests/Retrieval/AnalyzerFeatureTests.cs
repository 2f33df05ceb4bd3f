using OmniBots.Knowledge.Retrieval.Analysis;
using OmniBots.Knowledge.Retrieval.Lexical;
using Xunit;

namespace OmniBots.Knowledge.Tests.Retrieval;

/// <summary>Typo tolerance, title weighting, diacritics and stemming as search sees them.</summary>
public sealed class AnalyzerFeatureTests
{
    private static LexicalIndex Build(Bm25Parameters parameters, params OmniBots.Knowledge.Indexing.IndexedChunk[] chunks) =>
        LexicalIndex.Build(chunks, TextAnalyzer.Default, parameters);

    [Theory]
    [InlineData("snapshto")]       // 8 letters, adjacent letters swapped: distance 1
    [InlineData("snapshots")]      // an inflection: same stem, no typo needed
    [InlineData("permanantly")]    // 11 letters: distance 1
    [InlineData("permanetnly")]    // 11 letters: distance 2 allowed from 9 letters
    public void Finds_a_chunk_despite_a_typo_or_inflection(string query)
    {
        var index = Build(Bm25Parameters.Default, Chunks.Make("restore a volume snapshot"), Chunks.Make("delete the app permanently"), Chunks.Make("unrelated words here"));

        var hits = index.Search(query, 10);

        Assert.NotEmpty(hits);
        Assert.InRange(hits[0].Chunk, 0, 1);
    }

    [Fact]
    public void A_corrected_typo_scores_below_the_exact_word()
    {
        var index = Build(Bm25Parameters.Default, Chunks.Make("restore a volume snapshot"), Chunks.Make("unrelated words here"));

        var exact = index.Search("snapshot", 1)[0].Score;
        var typo = index.Search("snapshto", 1)[0].Score;

        Assert.True(typo < exact, $"typo {typo} vs exact {exact}");
        Assert.True(typo > 0);
    }

    [Fact]
    public void Short_words_and_typo_tolerance_off_are_not_corrected()
    {
        var chunks = new[] { Chunks.Make("restore a volume snapshot"), Chunks.Make("data file") };

        Assert.Empty(Build(Bm25Parameters.Default, chunks).Search("dta", 10));
        Assert.Empty(Build(Bm25Parameters.Default with { TypoTolerance = false }, chunks).Search("snapshto", 10));
    }

    [Fact]
    public void A_query_word_in_the_title_ranks_that_chunk_first()
    {
        // Same body words and length; only the title differs.
        var chunks = new[]
        {
            Chunks.Make("the invoice lists each machine and its price", title: "Machines"),
            Chunks.Make("the invoice lists each machine and its price", title: "Invoices"),
        };

        var titled = Build(Bm25Parameters.Default, chunks).Search("invoice", 10);

        Assert.Equal(1, titled[0].Chunk);
        Assert.True(titled[0].Score > titled[1].Score);
    }

    [Fact]
    public void Diacritics_and_case_fold()
    {
        var index = Build(Bm25Parameters.Default, Chunks.Make("Le CAFÉ est fermé"), Chunks.Make("other text"));

        Assert.Equal(0, Assert.Single(index.Search("cafe ferme", 10)).Chunk);
    }

    [Fact]
    public void Adjacent_query_words_found_adjacent_score_higher()
    {
        var chunks = new[] { Chunks.Make("scale memory of the machine count"), Chunks.Make("machine count memory of the scale") };

        var hits = Build(Bm25Parameters.Default, chunks).Search("scale memory", 10);
        var plain = Build(Bm25Parameters.Default with { PhraseBoost = false }, chunks).Search("scale memory", 10);

        Assert.Equal(0, hits[0].Chunk);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal(plain[0].Score, plain[1].Score, 0.0001f);
    }
}
