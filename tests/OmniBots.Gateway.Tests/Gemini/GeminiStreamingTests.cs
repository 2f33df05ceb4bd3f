using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using Xunit;
using static OmniBots.Gateway.Tests.Gemini.GeminiTestKit;

namespace OmniBots.Gateway.Tests.Gemini;

public sealed class GeminiStreamingTests
{
    [Fact]
    public async Task Streams_text_deltas_then_finish_and_usage_from_sse_chunks()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithText("Hello there, how can I help?") with { PromptTokens = 20, CandidatesTokens = 8 });

        var deltas = await CollectAsync(ApiKeyAdapter(fake).StreamChatAsync(Question(), CancellationToken.None));

        Assert.True(deltas.Count(d => d.Text is not null) > 1);
        Assert.Equal("Hello there, how can I help?", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(FinishReason.Stop, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.Equal(new Usage(20, 8), deltas[^1].Usage);
        var sent = fake.Requests.Single();
        Assert.Equal($"/v1beta/models/{Model}:streamGenerateContent", sent.Path);
        Assert.Equal("?alt=sse", sent.Query);
    }

    [Fact]
    public async Task Streams_each_function_call_as_one_whole_fragment()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithFunctionCalls(
            new FakeGeminiFunctionCall("get_weather", """{"city":"Utrecht","unit":"celsius"}"""),
            new FakeGeminiFunctionCall("get_time", """{"zone":"Europe/Amsterdam"}""", Id: "fc-2")));

        var deltas = await CollectAsync(ApiKeyAdapter(fake).StreamChatAsync(Question() with { Tools = [new ToolDefinition("get_weather", null, WeatherSchema)] }, CancellationToken.None));

        Assert.Equal(
            [new ToolCallFragment(0, "call_0", "get_weather", """{"city":"Utrecht","unit":"celsius"}"""), new ToolCallFragment(1, "fc-2", "get_time", """{"zone":"Europe/Amsterdam"}""")],
            deltas.Where(d => d.ToolCall is not null).Select(d => d.ToolCall));
        Assert.Equal(FinishReason.ToolCalls, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.DoesNotContain(deltas, d => d.Text is not null);
    }

    [Fact]
    public async Task A_stream_dropped_mid_way_is_interrupted_after_the_deltas_that_arrived()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithText("This answer will never be finished by the server.") with { DropAfterEvents = 3 });
        var received = new List<ChatDelta>();

        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var delta in ApiKeyAdapter(fake).StreamChatAsync(Question(), CancellationToken.None))
            {
                received.Add(delta);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Equal("This answer wil", string.Concat(received.Select(d => d.Text)));
    }

    [Fact]
    public async Task A_stream_that_ends_without_a_finish_reason_is_interrupted()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithText("Cut short") with { OmitFinishReason = true });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(ApiKeyAdapter(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task A_blocked_prompt_streams_a_content_filter_finish()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(new FakeGeminiReply { BlockReason = "PROHIBITED_CONTENT" });

        var deltas = await CollectAsync(ApiKeyAdapter(fake).StreamChatAsync(Question(), CancellationToken.None));

        Assert.Equal(FinishReason.ContentFilter, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.DoesNotContain(deltas, d => d.Text is not null);
    }

    [Fact]
    public async Task A_malformed_stream_event_is_a_malformed_response()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(new FakeGeminiReply { Malformed = true });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(ApiKeyAdapter(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task A_slow_first_byte_on_a_stream_times_out()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(new FakeGeminiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(ApiKeyAdapter(fake, timeouts: Timeouts(firstByte: TimeSpan.FromMilliseconds(300))).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
        Assert.Contains("first-byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_before_the_stream_starts_is_typed()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", retryAfterSeconds: 3));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(ApiKeyAdapter(fake).StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }
}
