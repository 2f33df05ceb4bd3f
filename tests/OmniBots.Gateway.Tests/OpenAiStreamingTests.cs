using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

public sealed class OpenAiStreamingTests
{
    [Fact]
    public async Task Streams_text_fragments_then_finish_and_usage()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(FakeOpenAiReply.WithText("Hello there, how can I help?") with { PromptTokens = 20, CompletionTokens = 8 });

        var deltas = await CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None));

        Assert.True(deltas.Count(d => d.Text is not null) > 1);
        Assert.Equal("Hello there, how can I help?", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(FinishReason.Stop, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.Equal(new Usage(20, 8), deltas[^1].Usage);
        var sent = fake.LastBody;
        Assert.True((bool?)sent["stream"]);
        Assert.True((bool?)sent["stream_options"]!["include_usage"]);
    }

    [Fact]
    public async Task Streams_tool_call_fragments_that_reassemble()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(FakeOpenAiReply.WithToolCalls(
            new FakeToolCall("call_a", "get_weather", """{"city":"Utrecht","unit":"celsius"}"""),
            new FakeToolCall("call_b", "get_time", """{"zone":"Europe/Amsterdam"}""")));

        var deltas = await CollectAsync(Provider(fake).StreamChatAsync(Question() with { Tools = [new ToolDefinition("get_weather", null, WeatherSchema)] }, CancellationToken.None));

        var calls = deltas.Where(d => d.ToolCall is not null).Select(d => d.ToolCall!).GroupBy(f => f.Index).OrderBy(g => g.Key)
            .Select(g => new ToolCall(g.First().Id!, g.First().Name!, string.Concat(g.Select(f => f.ArgumentsPiece)))).ToList();
        Assert.Equal(
            [new ToolCall("call_a", "get_weather", """{"city":"Utrecht","unit":"celsius"}"""), new ToolCall("call_b", "get_time", """{"zone":"Europe/Amsterdam"}""")],
            calls);
        Assert.True(deltas.Count(d => d.ToolCall is not null) > 4);
        Assert.Equal(FinishReason.ToolCalls, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.DoesNotContain(deltas, d => d.Text is not null);
    }

    [Fact]
    public async Task A_stream_dropped_mid_way_is_interrupted_after_the_fragments_that_arrived()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(FakeOpenAiReply.WithText("This answer will never be finished by the server.") with { DropAfterEvents = 4 });
        var received = new List<ChatDelta>();

        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var delta in Provider(fake).StreamChatAsync(Question(), CancellationToken.None))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, error.Kind);
        Assert.False(error.IsTransient);
        // Role chunk, then "This ", "answe", "r wil": four events before the cut.
        Assert.Equal("This answer wil", string.Concat(received.Select(d => d.Text)));
    }

    [Fact]
    public async Task A_malformed_stream_event_is_a_malformed_response()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(new FakeOpenAiReply { Malformed = true });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task A_slow_first_byte_on_a_stream_times_out()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake, timeout: TimeSpan.FromMilliseconds(300)).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task An_error_before_the_stream_starts_is_typed()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(FakeOpenAiReply.Error(429, "rate_limit_exceeded", "Slow down.", retryAfterSeconds: 3));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }
}
