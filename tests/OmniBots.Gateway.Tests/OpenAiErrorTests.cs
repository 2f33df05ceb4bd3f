using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

public sealed class OpenAiErrorTests
{
    public static TheoryData<string, int, LlmErrorKind, bool> HttpErrors()
    {
        var data = new TheoryData<string, int, LlmErrorKind, bool>();
        foreach (var provider in new[] { OpenAiFamily.OpenAi, OpenAiFamily.Azure, OpenAiFamily.Compatible })
        {
            data.Add(provider, 400, LlmErrorKind.BadRequest, false);
            data.Add(provider, 429, LlmErrorKind.RateLimited, true);
            data.Add(provider, 500, LlmErrorKind.ServerError, true);
            data.Add(provider, 503, LlmErrorKind.ServerError, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HttpErrors))]
    public async Task Http_errors_map_to_kinds_with_the_servers_message(string provider, int status, LlmErrorKind kind, bool transient)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(FakeOpenAiReply.Error(status, "server_error", "Scripted failure " + status));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider().ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(transient, error.IsTransient);
        Assert.Contains("Scripted failure " + status, error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task A_wrong_key_is_unauthorized(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider(apiKey: "sk-wrong").ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Contains(provider == OpenAiFamily.Azure ? "Access denied" : "Incorrect API key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task Rate_limit_carries_retry_after(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(FakeOpenAiReply.Error(429, "rate_limit_exceeded", "Rate limit reached.", retryAfterSeconds: 7));
        family.Fake.Enqueue(FakeOpenAiReply.Error(429, "rate_limit_exceeded", "Rate limit reached.", retryAfterSeconds: 2) with { RetryAfterMilliseconds = 1500 });

        var seconds = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider().ChatAsync(Question(), CancellationToken.None));
        var millis = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider().EmbedAsync(new EmbeddingRequest("e", ["x"]), CancellationToken.None));

        Assert.Equal(LlmErrorKind.RateLimited, seconds.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), seconds.RetryAfter);
        // The finer retry-after-ms wins over the whole seconds of Retry-After.
        Assert.Equal(TimeSpan.FromMilliseconds(1500), millis.RetryAfter);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task A_malformed_body_is_a_malformed_response(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(new FakeOpenAiReply { Malformed = true });
        family.Fake.Enqueue(new FakeOpenAiReply { Malformed = true });

        var chat = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider().ChatAsync(Question(), CancellationToken.None));
        var embed = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider().EmbedAsync(new EmbeddingRequest("e", ["x"]), CancellationToken.None));

        Assert.Equal(LlmErrorKind.MalformedResponse, chat.Kind);
        Assert.Equal(LlmErrorKind.MalformedResponse, embed.Kind);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task A_slow_first_byte_times_out_but_caller_cancellation_stays_cancellation(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        family.Fake.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        family.Fake.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        var timeouts = new ProviderTimeouts(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30));

        var timeout = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider(timeouts: timeouts).ChatAsync(Question(), CancellationToken.None));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => family.Provider().ChatAsync(Question(), cancel.Token));

        Assert.Equal(LlmErrorKind.Timeout, timeout.Kind);
        Assert.Contains("first-byte", timeout.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task An_unreachable_server_is_a_server_error(string provider)
    {
        var family = await OpenAiFamily.StartAsync(provider);
        var adapter = family.Provider();
        await family.DisposeAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => adapter.ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.ServerError, error.Kind);
    }
}
