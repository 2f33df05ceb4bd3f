using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Tests.Pipeline;
using OmniBots.Platform.Tenancy;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.Limits;

public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    public sealed class Fixture : GatewayApiFixture;

    private static object Chat(string text) => new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = text } } };

    [Fact]
    public async Task The_tenant_request_limit_covers_all_its_keys_and_answers_429_with_retry_after()
    {
        var (_, token) = await fixture.AdminAsync();
        await fixture.PutSettingsAsync(token, new { rpmLimit = 3 });
        var (_, first) = await fixture.CreateKeyAsync(token);
        var (_, second) = await fixture.CreateKeyAsync(token);

        await JsonAsync(await fixture.V1Async(first, HttpMethod.Post, "/v1/chat/completions", Chat("1")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(second, HttpMethod.Post, "/v1/chat/completions", Chat("2")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(first, HttpMethod.Post, "/v1/chat/completions", Chat("3")), HttpStatusCode.OK);
        var refused = await fixture.V1Async(second, HttpMethod.Post, "/v1/chat/completions", Chat("4"));

        var body = await JsonAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_exceeded", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("the tenant", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }

    [Fact]
    public async Task A_key_token_limit_counts_actual_tokens_after_each_call()
    {
        var (_, token) = await fixture.AdminAsync();
        // Each call of the fake uses 18 tokens; the estimate before the call is smaller.
        var (_, key) = await fixture.CreateKeyAsync(token, new { name = "tokens", tpmLimit = 40 });

        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("a")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("b")), HttpStatusCode.OK);
        var refused = await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("c"));

        var body = await JsonAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("40 tokens", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Module_callers_get_a_rate_limited_exception_with_retry_after()
    {
        var (tenant, token) = await fixture.AdminAsync();
        await fixture.PutSettingsAsync(token, new { rpmLimit = 1 });
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant.Id);
        var gateway = scope.ServiceProvider.GetRequiredService<ILlmGateway>();
        var request = new ChatRequest { Model = "gpt-4o-mini", Messages = [ChatMessage.User("hi")] };

        await gateway.ChatAsync(request, new GatewayCall("tests"), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<LlmProviderException>(() => gateway.ChatAsync(request, new GatewayCall("tests"), CancellationToken.None));

        Assert.Equal(LlmErrorKind.RateLimited, refused.Kind);
        Assert.NotNull(refused.RetryAfter);
    }
}
