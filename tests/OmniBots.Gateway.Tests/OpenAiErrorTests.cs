using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

public sealed class OpenAiErrorTests
{
    [Theory]
    [InlineData(400, "invalid_request_error", LlmErrorKind.BadRequest, false)]
    [InlineData(429, "rate_limit_exceeded", LlmErrorKind.RateLimited, true)]
    [InlineData(500, "server_error", LlmErrorKind.ServerError, true)]
    [InlineData(503, "server_error", LlmErrorKind.ServerError, true)]
    public async Task Http_errors_map_to_kinds_with_openai_message(int status, string type, LlmErrorKind kind, bool transient)
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(FakeOpenAiReply.Error(status, type, "Scripted failure " + status));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(transient, error.IsTransient);
        Assert.Contains("Scripted failure " + status, error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_wrong_key_is_unauthorized()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake, apiKey: "sk-wrong").ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("Incorrect API key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_carries_retry_after()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(FakeOpenAiReply.Error(429, "rate_limit_exceeded", "Rate limit reached.", retryAfterSeconds: 7));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task A_malformed_body_is_a_malformed_response()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(new FakeOpenAiReply { Malformed = true });
        fake.Enqueue(new FakeOpenAiReply { Malformed = true });

        var chat = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).ChatAsync(Question(), CancellationToken.None));
        var embed = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).EmbedAsync(new EmbeddingRequest("e", ["x"]), CancellationToken.None));

        Assert.Equal(LlmErrorKind.MalformedResponse, chat.Kind);
        Assert.Equal(LlmErrorKind.MalformedResponse, embed.Kind);
    }

    [Fact]
    public async Task A_slow_first_byte_times_out_but_caller_cancellation_stays_cancellation()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        fake.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });

        var timeout = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake, timeout: TimeSpan.FromMilliseconds(300)).ChatAsync(Question(), CancellationToken.None));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider(fake).ChatAsync(Question(), cancel.Token));

        Assert.Equal(LlmErrorKind.Timeout, timeout.Kind);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_server_error()
    {
        var fake = await FakeOpenAiServer.StartAsync();
        var provider = Provider(fake);
        await fake.DisposeAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => provider.ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.ServerError, error.Kind);
    }
}
