using OmniBots.Knowledge.Retrieval;
using OmniBots.Knowledge.Retrieval.Vectors;
using Xunit;

namespace OmniBots.Knowledge.Tests.Retrieval;

public sealed class TokenBudgetAndVectorTests
{
    private static RetrievedPassage Passage(int tokens, string? text = null)
    {
        var chunk = Chunks.Make(text ?? string.Join(' ', Enumerable.Repeat("word", tokens)), tokens: tokens);
        return new RetrievedPassage(chunk, chunk.Text, tokens, 1);
    }

    [Fact]
    public void Fits_greedily_by_rank_skipping_what_does_not_fit_without_cutting()
    {
        var ranked = new[] { Passage(40), Passage(50), Passage(30), Passage(10) };

        var fitted = TokenBudgetFitter.Fit(ranked, 100);

        Assert.Equal([ranked[0], ranked[1]], fitted.Take(2));
        Assert.DoesNotContain(ranked[2], fitted);
        Assert.Equal(3, fitted.Count);
        Assert.True(fitted.Sum(p => p.TokenCount) <= 100);
        Assert.All(fitted, p => Assert.False(p.Truncated));
    }

    [Fact]
    public void Cuts_only_the_first_passage_when_it_alone_exceeds_the_budget_at_a_word_break()
    {
        var ranked = new[] { Passage(100, string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i:000}"))), Passage(5) };

        var fitted = TokenBudgetFitter.Fit(ranked, 20);

        var cut = Assert.Single(fitted);
        Assert.True(cut.Truncated);
        Assert.Equal(20, cut.TokenCount);
        Assert.StartsWith("w000 w001", cut.Text, StringComparison.Ordinal);
        Assert.Matches(@"^(w\d{3} )*w\d{3}$", cut.Text);
        Assert.True(cut.Text.Length <= ranked[0].Text.Length / 5);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(VectorIndex.ParallelThreshold * 3, false)] // scanned in parallel partitions
    [InlineData(VectorIndex.ParallelThreshold * 3, true)]
    public void Vector_top_k_equals_a_brute_force_ranking(int count, bool filtered)
    {
        var random = new Random(7);
        float[] Vector() => Enumerable.Range(0, 32).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var chunks = Enumerable.Range(0, count).Select(_ => Chunks.Make("x", vector: Vector())).ToArray();
        var query = Vector();
        var index = VectorIndex.Build(chunks)!;
        Func<int, bool>? filter = filtered ? i => i % 3 != 0 : null;

        var hits = index.Search(query, 10, filter);

        static double Cosine(float[] a, float[] b) =>
            a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
        var expected = chunks.Select((c, i) => (i, Cosine(c.Vector!.Value.ToArray(), query)))
            .Where(x => filter is null || filter(x.i)).OrderByDescending(x => x.Item2).Take(10).ToList();
        Assert.Equal(expected.Select(e => e.i), hits.Select(h => h.Chunk));
        Assert.All(hits.Zip(expected), p => Assert.Equal(p.Second.Item2, p.First.Similarity, 0.0001));
    }
}
