using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using Xunit;
using static OmniBots.Gateway.Tests.Gemini.GeminiTestKit;

namespace OmniBots.Gateway.Tests.Gemini;

public sealed class GeminiErrorTests
{
    [Theory]
    [InlineData(400, "INVALID_ARGUMENT", LlmErrorKind.BadRequest, false)]
    [InlineData(401, "UNAUTHENTICATED", LlmErrorKind.Unauthorized, false)]
    [InlineData(403, "PERMISSION_DENIED", LlmErrorKind.Unauthorized, false)]
    [InlineData(429, "RESOURCE_EXHAUSTED", LlmErrorKind.RateLimited, true)]
    [InlineData(500, "INTERNAL", LlmErrorKind.ServerError, true)]
    [InlineData(503, "UNAVAILABLE", LlmErrorKind.ServerError, true)]
    public async Task Http_errors_map_to_kinds_with_googles_message_and_status(int status, string googleStatus, LlmErrorKind kind, bool transient)
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.Error(status, googleStatus, "Scripted failure " + status));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(transient, error.IsTransient);
        Assert.Contains("Scripted failure " + status, error.Message, StringComparison.Ordinal);
        Assert.Contains(googleStatus, error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_wrong_api_key_is_unauthorized_although_gemini_answers_400()
    {
        await using var fake = await FakeGeminiServer.StartAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake, apiKey: "AIza-wrong").ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Unauthorized, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("API key not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_carries_retry_after_from_the_header()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", retryAfterSeconds: 7, retryDelay: "30s"));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_without_the_header_takes_retry_info_retry_delay()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", retryDelay: "12.5s"));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(12.5), error.RetryAfter);
    }

    [Fact]
    public async Task A_malformed_body_is_a_malformed_response()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(new FakeGeminiReply { Malformed = true });
        fake.Enqueue(new FakeGeminiReply { Malformed = true });

        var chat = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake).ChatAsync(Question(), CancellationToken.None));
        var embed = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake).EmbedAsync(new EmbeddingRequest("text-embedding-004", ["x"]), CancellationToken.None));

        Assert.Equal(LlmErrorKind.MalformedResponse, chat.Kind);
        Assert.Equal(LlmErrorKind.MalformedResponse, embed.Kind);
    }

    [Fact]
    public async Task A_slow_first_byte_times_out_but_caller_cancellation_stays_cancellation()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(new FakeGeminiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        fake.Enqueue(new FakeGeminiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });

        var timeout = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake, timeouts: Timeouts(firstByte: TimeSpan.FromMilliseconds(300))).ChatAsync(Question(), CancellationToken.None));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ApiKeyAdapter(fake).ChatAsync(Question(), cancel.Token));

        Assert.Equal(LlmErrorKind.Timeout, timeout.Kind);
        Assert.True(timeout.IsTransient);
    }

    [Fact]
    public async Task The_total_timeout_bounds_the_call_even_when_the_first_byte_timeout_is_longer()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(new FakeGeminiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake, timeouts: Timeouts(firstByte: TimeSpan.FromSeconds(20), total: TimeSpan.FromMilliseconds(300))).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
        Assert.Contains("total", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_server_error()
    {
        var fake = await FakeGeminiServer.StartAsync();
        var provider = ApiKeyAdapter(fake);
        await fake.DisposeAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => provider.ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.ServerError, error.Kind);
    }
}
