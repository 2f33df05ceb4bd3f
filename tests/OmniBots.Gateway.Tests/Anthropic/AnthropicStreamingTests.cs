using OmniBots.Fakes.Anthropic;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using Xunit;
using static OmniBots.Gateway.Tests.Anthropic.AnthropicTestKit;

namespace OmniBots.Gateway.Tests.Anthropic;

public sealed class AnthropicStreamingTests
{
    [Fact]
    public async Task Streams_text_fragments_then_finish_and_usage_from_both_halves()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithText("Hello there, how can I help?") with { InputTokens = 20, OutputTokens = 8 });

        var deltas = await CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None));

        Assert.True(deltas.Count(d => d.Text is not null) > 1);
        Assert.Equal("Hello there, how can I help?", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(FinishReason.Stop, deltas[^2].FinishReason);
        Assert.Equal(new Usage(20, 8), deltas[^1].Usage);
        Assert.Single(deltas, d => d.FinishReason is not null);
        Assert.Single(deltas, d => d.Usage is not null);
        Assert.True((bool?)fake.LastBody["stream"]);
    }

    [Fact]
    public async Task Streams_tool_use_as_fragments_numbered_among_tool_calls_that_reassemble()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithToolUses(
            new FakeToolUse("toolu_a", "get_weather", """{"city":"Utrecht","unit":"celsius"}"""),
            new FakeToolUse("toolu_b", "get_time", """{"zone":"Europe/Amsterdam"}""")) with { Text = "Checking." });

        var deltas = await CollectAsync(Provider(fake).StreamChatAsync(Question() with { Tools = [new ToolDefinition("get_weather", null, WeatherSchema)] }, CancellationToken.None));

        var fragments = deltas.Where(d => d.ToolCall is not null).Select(d => d.ToolCall!).ToList();
        // Anthropic numbers content blocks 0 (text), 1, 2; tool calls are numbered among themselves: 0, 1.
        Assert.Equal([0, 1], fragments.Select(f => f.Index).Distinct());
        var calls = fragments.GroupBy(f => f.Index).OrderBy(g => g.Key)
            .Select(g => new ToolCall(g.First().Id!, g.First().Name!, string.Concat(g.Select(f => f.ArgumentsPiece)))).ToList();
        Assert.Equal(
            [new ToolCall("toolu_a", "get_weather", """{"city":"Utrecht","unit":"celsius"}"""), new ToolCall("toolu_b", "get_time", """{"zone":"Europe/Amsterdam"}""")],
            calls);
        Assert.True(fragments.Count > 4);
        Assert.Equal("Checking.", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(FinishReason.ToolCalls, deltas.Single(d => d.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task A_stream_dropped_mid_way_is_interrupted_after_the_fragments_that_arrived()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithText("This answer will never be finished by the server.") with { DropAfterEvents = 5 });
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
        // message_start, ping, content_block_start, then "This " and "answe": five events before the cut.
        Assert.Equal("This answe", string.Concat(received.Select(d => d.Text)));
        Assert.DoesNotContain(received, d => d.FinishReason is not null || d.Usage is not null);
    }

    [Fact]
    public async Task A_stream_that_ends_without_message_stop_is_interrupted()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithText("Almost done.") with { OmitMessageStop = true });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, error.Kind);
        Assert.Contains("message_stop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_event_before_any_content_is_typed_and_retryable()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(new FakeAnthropicReply { ErrorEventAfterEvents = 2, ErrorType = "overloaded_error", ErrorMessage = "Overloaded" });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.ServerError, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Contains("overloaded_error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_event_after_content_reached_the_caller_is_an_interrupted_stream()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithText("This answer is cut by an overload.") with { ErrorEventAfterEvents = 5, ErrorType = "overloaded_error", ErrorMessage = "Overloaded" });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Contains("overloaded_error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_stream_event_is_a_malformed_response()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(new FakeAnthropicReply { Malformed = true });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task A_slow_first_byte_on_a_stream_times_out()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(new FakeAnthropicReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        var timeouts = new ProviderTimeouts(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake, timeouts: timeouts).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task The_total_timeout_ends_a_stream_that_runs_too_long()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithText("A long answer that the model produces far too slowly, one small piece at a time, well past the deadline.") with { EventDelay = TimeSpan.FromMilliseconds(100) });
        var received = new List<ChatDelta>();

        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var delta in Provider(fake, timeouts: new ProviderTimeouts(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1))).StreamChatAsync(Question(), CancellationToken.None))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
        Assert.Contains("total", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(received);
        Assert.DoesNotContain(received, d => d.FinishReason is not null);
    }

    [Fact]
    public async Task An_error_before_the_stream_starts_is_typed_with_retry_after()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.Error(429, "rate_limit_error", "Slow down.", retryAfter: "3"));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(Provider(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }
}
