using OmniBots.Fakes.Anthropic;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Testing.Identity;
using Xunit;
using static OmniBots.Gateway.Tests.Anthropic.AnthropicTestKit;

namespace OmniBots.Gateway.Tests.Anthropic;

public sealed class AnthropicErrorTests
{
    [Theory]
    [InlineData(400, "invalid_request_error", LlmErrorKind.BadRequest, false)]
    [InlineData(403, "permission_error", LlmErrorKind.Unauthorized, false)]
    [InlineData(404, "not_found_error", LlmErrorKind.BadRequest, false)]
    [InlineData(413, "request_too_large", LlmErrorKind.BadRequest, false)]
    [InlineData(500, "api_error", LlmErrorKind.ServerError, true)]
    [InlineData(529, "overloaded_error", LlmErrorKind.ServerError, true)]
    public async Task Http_errors_map_to_kinds_with_anthropic_type_and_message(int status, string type, LlmErrorKind kind, bool transient)
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.Error(status, type, "Scripted failure " + status));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(transient, error.IsTransient);
        Assert.Contains(type, error.Message, StringComparison.Ordinal);
        Assert.Contains("Scripted failure " + status, error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_request_anthropic_refuses_is_a_bad_request_with_its_reason()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).ChatAsync(Question() with { Temperature = 1.5 }, CancellationToken.None));

        Assert.Equal(LlmErrorKind.BadRequest, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("temperature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_unauthorized()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake, apiKey: "sk-ant-wrong").ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("authentication_error", error.Message, StringComparison.Ordinal);
        Assert.Equal("sk-ant-wrong", fake.Requests.Single().ApiKey);
    }

    [Fact]
    public async Task Rate_limit_carries_retry_after_in_seconds()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", retryAfter: "7"));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_retry_after_as_an_http_date_is_measured_on_the_injected_clock()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        var clock = new ManualTime();
        clock.Advance(TimeSpan.FromHours(3));
        fake.Enqueue(FakeAnthropicReply.Error(429, "rate_limit_error", "Slow down.", retryAfter: clock.GetUtcNow().AddSeconds(90).ToString("R")));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake, time: clock).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        // The HTTP date has whole seconds; the clock kept running while the request was made.
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(85), TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task A_malformed_body_is_a_malformed_response()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(new FakeAnthropicReply { Malformed = true });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task A_slow_first_byte_times_out_but_caller_cancellation_stays_cancellation()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(new FakeAnthropicReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        fake.Enqueue(new FakeAnthropicReply { FirstByteDelay = TimeSpan.FromSeconds(10) });
        var shortFirstByte = new ProviderTimeouts(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30));

        var timeout = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake, timeouts: shortFirstByte).ChatAsync(Question(), CancellationToken.None));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider(fake).ChatAsync(Question(), cancel.Token));

        Assert.Equal(LlmErrorKind.Timeout, timeout.Kind);
        Assert.Contains("first-byte", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(cancel.Token, cancelled.CancellationToken);
    }

    [Fact]
    public async Task The_total_timeout_bounds_the_whole_call()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(new FakeAnthropicReply { FirstByteDelay = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() =>
            Provider(fake, timeouts: new ProviderTimeouts(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(300))).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Timeout, error.Kind);
        Assert.Contains("total", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_server_error()
    {
        var fake = await FakeAnthropicServer.StartAsync();
        var provider = Provider(fake);
        await fake.DisposeAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => provider.ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.ServerError, error.Kind);
    }
}
