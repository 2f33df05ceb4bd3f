using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Offline;
using Xunit;

namespace OmniBots.Gateway.Tests;

public sealed class OfflineClassifyEmbedTests
{
    private static readonly IntentLabel[] Labels =
    [
        new("order_status", "Where an order is and when it arrives") { Examples = ["where is my package", "has my parcel shipped yet"] },
        new("cancelOrder", "Cancel an order before it ships") { Examples = ["I want to cancel my order"] },
        new("billing", "Invoices, charges and payment methods") { Examples = ["I was charged twice"] },
    ];

    [Theory]
    [InlineData("Where is my package? It has not arrived", "order_status")]
    [InlineData("please cancel the order I placed yesterday", "cancelOrder")]
    [InlineData("Why was I charged twice on my card", "billing")]
    [InlineData("Can I get a copy of my invoice", "billing")]
    public async Task Picks_the_lexically_closest_intent(string text, string expected)
    {
        var result = await new OfflineProvider().ClassifyAsync(new ClassificationRequest(text, Labels), CancellationToken.None);

        Assert.Equal(expected, result.Label);
        Assert.Equal(3, result.Scores.Count);
        Assert.Equal(result.Score, result.Scores.Max(s => s.Score));
    }

    [Fact]
    public async Task No_label_when_nothing_overlaps()
    {
        var result = await new OfflineProvider().ClassifyAsync(new ClassificationRequest("the weather is lovely", Labels), CancellationToken.None);

        Assert.Null(result.Label);
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public async Task Embeddings_are_deterministic_normalised_and_lexical()
    {
        var provider = new OfflineProvider();
        var request = new EmbeddingRequest(OfflineProvider.ModelName, ["refund for returned shoes", "refunds for returning shoes", "express delivery to Utrecht", ""]);

        var first = await provider.EmbedAsync(request, CancellationToken.None);
        var second = await provider.EmbedAsync(request, CancellationToken.None);

        Assert.Equal(4, first.Vectors.Count);
        Assert.All(first.Vectors, v => Assert.Equal(HashedEmbedder.Dimensions, v.Length));
        Assert.Equal(first.Vectors[0].ToArray(), second.Vectors[0].ToArray());
        Assert.Equal(1.0, Norm(first.Vectors[0]), 4);
        Assert.Equal(0.0, Norm(first.Vectors[3]), 4);
        Assert.Equal(1.0, Dot(first.Vectors[0], first.Vectors[1]), 4);
        Assert.True(Dot(first.Vectors[0], first.Vectors[2]) < 0.5);
        Assert.True(first.Usage.InputTokens > 0);
    }

    [Theory]
    [InlineData("refunds", "refund")]
    [InlineData("shipping", "ship")]
    [InlineData("shipped", "ship")]
    [InlineData("policies", "policy")]
    [InlineData("day", "day")]
    [InlineData("invoices", "invoice")]
    [InlineData("boxes", "box")]
    public void Stemmer_strips_common_inflections(string word, string stem) => Assert.Equal(stem, TextAnalysis.Stem(word));

    private static double Norm(ReadOnlyMemory<float> v) => Math.Sqrt(Dot(v, v));

    private static double Dot(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a.Span[i] * b.Span[i];
        }
        return sum;
    }
}
