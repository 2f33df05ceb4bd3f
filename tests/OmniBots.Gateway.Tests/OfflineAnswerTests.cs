using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Offline;
using Xunit;

namespace OmniBots.Gateway.Tests;

public sealed class OfflineAnswerTests
{
    private static readonly ContextPassage Returns = new("kb-1", "Returns policy",
        "You can return any item within 30 days of delivery. Refunds are paid to the original payment method within five working days. Sale items cannot be returned.");
    private static readonly ContextPassage Shipping = new("kb-2", "Shipping",
        "Orders are shipped from our warehouse in Utrecht.\nStandard shipping takes two to four days. Express shipping arrives the next day.");

    private static ChatRequest Ask(string question, params ContextPassage[] context) => new()
    {
        Model = OfflineProvider.ModelName,
        Messages = [ChatMessage.System("You are a helpful agent."), ChatMessage.User("Hi"), ChatMessage.Assistant("Hello!"), ChatMessage.User(question)],
        Context = context,
    };

    [Fact]
    public async Task Answers_with_the_best_matching_sentences_and_their_sources()
    {
        var response = await new OfflineProvider().ChatAsync(Ask("How long does express shipping take?", Returns, Shipping), CancellationToken.None);

        Assert.StartsWith(ExtractiveAnswerer.Preamble, response.Text, StringComparison.Ordinal);
        Assert.Contains("Express shipping arrives the next day.", response.Text, StringComparison.Ordinal);
        Assert.Contains(new SourceReference("kb-2", "Shipping"), response.Sources);
        Assert.DoesNotContain(response.Sources, s => s.SourceId == "kb-1");
        Assert.EndsWith("Sources: Shipping (kb-2)", response.Text, StringComparison.Ordinal);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage!.InputTokens > 0 && response.Usage.OutputTokens > 0);
    }

    [Fact]
    public async Task Stemming_lets_inflected_words_meet()
    {
        var response = await new OfflineProvider().ChatAsync(Ask("Do you refund returned items?", Returns, Shipping), CancellationToken.None);

        Assert.Contains("Refunds are paid to the original payment method within five working days.", response.Text, StringComparison.Ordinal);
        Assert.Equal(["kb-1"], response.Sources.Select(s => s.SourceId));
    }

    [Theory]
    [InlineData("How long does express shipping take?")]
    [InlineData("Can I return a sale item and get a refund?")]
    [InlineData("Where is the warehouse?")]
    public async Task Every_line_between_preamble_and_sources_is_a_verbatim_passage_sentence(string question)
    {
        var response = await new OfflineProvider().ChatAsync(Ask(question, Returns, Shipping), CancellationToken.None);
        var lines = response.Text!.Split('\n');
        var sentences = new[] { Returns, Shipping }.SelectMany(p => TextAnalysis.Sentences(p.Text)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ExtractiveAnswerer.Preamble, lines[0]);
        Assert.StartsWith(ExtractiveAnswerer.SourcesLabel, lines[^1], StringComparison.Ordinal);
        Assert.InRange(lines.Length - 2, 1, 3);
        Assert.All(lines[1..^1], line => Assert.Contains(line, sentences));
        Assert.All(lines[1..^1], line => Assert.True(Returns.Text.Contains(line, StringComparison.Ordinal) || Shipping.Text.Contains(line, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Says_it_does_not_know_when_no_passage_matches()
    {
        var provider = new OfflineProvider();

        var unrelated = await provider.ChatAsync(Ask("What is the capital of Peru?", Returns, Shipping), CancellationToken.None);
        var noContext = await provider.ChatAsync(Ask("How long does shipping take?"), CancellationToken.None);

        Assert.Equal(ExtractiveAnswerer.NotKnown, unrelated.Text);
        Assert.Empty(unrelated.Sources);
        Assert.Equal(ExtractiveAnswerer.NotKnown, noContext.Text);
    }

    [Fact]
    public async Task Streaming_yields_the_same_answer_in_fragments_then_usage_and_finish()
    {
        var provider = new OfflineProvider();
        var request = Ask("How long does standard shipping take?", Returns, Shipping);
        var whole = await provider.ChatAsync(request, CancellationToken.None);

        var deltas = new List<ChatDelta>();
        await foreach (var delta in provider.StreamChatAsync(request, CancellationToken.None))
        {
            deltas.Add(delta);
        }

        Assert.True(deltas.Count(d => d.Text is not null) > 2);
        Assert.Equal(whole.Text, string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(whole.Usage, deltas.Single(d => d.Usage is not null).Usage);
        Assert.Equal(FinishReason.Stop, deltas[^1].FinishReason);
    }

    [Fact]
    public void Token_estimate_is_about_four_characters_per_token()
    {
        Assert.Equal(0, TokenEstimator.Estimate(""));
        Assert.Equal(1, TokenEstimator.Estimate("abcd"));
        Assert.Equal(3, TokenEstimator.Estimate("hello world!"));
        Assert.Equal(4 + 2, TokenEstimator.Estimate(new ChatRequest { Model = "m", Messages = [ChatMessage.User("12345678")] }));
    }
}
