using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

public sealed class OpenAiStreamingTests
{
    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task Streams_text_fragments_then_finish_and_usage(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(FakeOpenAiReply.WithText("Hello there, how can I help?") with { PromptTokens = 20, CompletionTokens = 8 });

        var deltas = await CollectAsync(family.Provider().StreamChatAsync(Question(), CancellationToken.None));

        Assert.True(deltas.Count(d => d.Text is not null) > 1);
        Assert.Equal("Hello there, how can I help?", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(FinishReason.Stop, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.Equal(new Usage(20, 8), deltas[^1].Usage);
        var sent = family.Fake.LastBody;
        Assert.True((bool?)sent["stream"]);
        Assert.True((bool?)sent["stream_options"]!["include_usage"]);
        Assert.Equal(family.PathOf("chat/completions", "gpt-4o-mini"), family.Fake.Requests.Single().Path);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task Streams_tool_call_fragments_that_reassemble(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(FakeOpenAiReply.WithToolCalls(
            new FakeToolCall("call_a", "get_weather", """{"city":"Utrecht","unit":"celsius"}"""),
            new FakeToolCall("call_b", "get_time", """{"zone":"Europe/Amsterdam"}""")));

        var deltas = await CollectAsync(family.Provider().StreamChatAsync(Question() with { Tools = [new ToolDefinition("get_weather", null, WeatherSchema)] }, CancellationToken.None));

        var calls = deltas.Where(d => d.ToolCall is not null).Select(d => d.ToolCall!).GroupBy(f => f.Index).OrderBy(g => g.Key)
            .Select(g => new ToolCall(g.First().Id!, g.First().Name!, string.Concat(g.Select(f => f.ArgumentsPiece)))).ToList();
        Assert.Equal(
            [new ToolCall("call_a", "get_weather", """{"city":"Utrecht","unit":"celsius"}"""), new ToolCall("call_b", "get_time", """{"zone":"Europe/Amsterdam"}""")],
            calls);
        Assert.True(deltas.Count(d => d.ToolCall is not null) > 4);
        Assert.Equal(FinishReason.ToolCalls, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.DoesNotContain(deltas, d => d.Text is not null);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task A_stream_dropped_mid_way_is_interrupted_after_the_fragments_that_arrived(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(FakeOpenAiReply.WithText("This answer will never be finished by the server.") with { DropAfterEvents = 4 });
        var received = new List<ChatDelta>();

        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var delta in family.Provider().StreamChatAsync(Question(), CancellationToken.None))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, error.Kind);
        Assert.False(error.IsTransient);
        // Role chunk, then "This ", "answe", "r wil": four events before the cut (Azure's filter annotation is extra).
        Assert.Equal("This answer wil", string.Concat(received.Select(d => d.Text)));
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task A_malformed_stream_event_is_a_malformed_response(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(new FakeOpenAiReply { Malformed = true });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(family.Provider().StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.MalformedResponse, error.Kind);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task A_slow_first_byte_on_a_stream_times_out_by_the_first_byte_timeout(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        var timeouts = new ProviderTimeouts(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(family.Provider(timeouts: timeouts).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
        Assert.Contains("first-byte", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task A_stream_running_past_the_total_timeout_times_out_after_what_arrived(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        // 14 events 300 ms apart: about 4 s of generation against a 2 s total, started well within the first byte.
        family.Fake.Enqueue(FakeOpenAiReply.WithText("A long answer that the server generates very slowly.") with { EventDelay = TimeSpan.FromMilliseconds(300) });
        var timeouts = new ProviderTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
        var received = new List<ChatDelta>();

        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var delta in family.Provider(timeouts: timeouts).StreamChatAsync(Question(), CancellationToken.None))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
        Assert.Contains("total", error.Message, StringComparison.Ordinal);
        Assert.Contains(received, d => d.Text is not null);
        Assert.DoesNotContain(received, d => d.FinishReason is not null);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task Caller_cancellation_mid_stream_is_cancellation_not_a_timeout(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(FakeOpenAiReply.WithText("An answer the caller stops reading half way.") with { EventDelay = TimeSpan.FromMilliseconds(100) });
        using var cancel = new CancellationTokenSource();

        var received = 0;

        // An OperationCanceledException, not an LlmProviderException of kind Timeout.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in family.Provider().StreamChatAsync(Question(), cancel.Token))
            {
                if (delta.Text is not null && ++received == 1)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(1, received);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task An_error_before_the_stream_starts_is_typed(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(FakeOpenAiReply.Error(429, "rate_limit_exceeded", "Slow down.", retryAfterSeconds: 3));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(family.Provider().StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }
}
