using System.Diagnostics;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Tests.Registry;
using Xunit;

namespace OmniBots.Gateway.Tests.Routing;

/// <summary>The router over two or three fake OpenAI servers configured as platform endpoints through the admin API.</summary>
public sealed class FailoverTests(GatewayRegistryFixture fixture) : IClassFixture<GatewayRegistryFixture>, IAsyncLifetime
{
    private FakeOpenAiServer _a = null!;
    private FakeOpenAiServer _b = null!;
    private FakeOpenAiServer _c = null!;
    private Guid _tenant;

    public async Task InitializeAsync()
    {
        _a = await FakeOpenAiServer.StartAsync();
        _b = await FakeOpenAiServer.StartAsync();
        _c = await FakeOpenAiServer.StartAsync();
        _tenant = (await fixture.Data.CreateTenantAsync()).Id;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _c.DisposeAsync();
    }

    [Fact]
    public async Task A_server_error_fails_over_to_the_next_endpoint_and_the_report_says_why()
    {
        var model = await fixture.RouteOverAsync(_a, _b);
        _a.Enqueue(FakeOpenAiReply.Error(500, "server_error", "Upstream exploded."));
        _a.Enqueue(FakeOpenAiReply.Error(500, "server_error", "Upstream exploded again."));
        _b.Enqueue(FakeOpenAiReply.WithText("From B."));

        var routed = await fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);

        Assert.Equal("From B.", routed.Value.Text);
        Assert.Equal($"{model}-b", routed.Route.Endpoint);
        Assert.Equal("openai", routed.Route.Provider);
        Assert.Equal("eu-west", routed.Route.Region);
        Assert.Collection(routed.Route.Attempts,
            a => { Assert.Equal(("failed", $"{model}-a"), (a.Outcome, a.Endpoint)); Assert.StartsWith("500 server error", a.Reason, StringComparison.Ordinal); Assert.Contains("retrying", a.Reason, StringComparison.Ordinal); },
            a => { Assert.Equal("failed", a.Outcome); Assert.Contains("attempts exhausted, failing over", a.Reason, StringComparison.Ordinal); },
            a => Assert.Equal(("served", $"{model}-b"), (a.Outcome, a.Endpoint)));
        Assert.Same(routed.Route, routed.Value.Route);
        // The adapter saw the endpoint's upstream name, not the registry code.
        Assert.Equal("upstream-" + model, _b.LastBody["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retry_after_within_the_cap_is_waited_out_on_the_same_endpoint()
    {
        var model = await fixture.RouteOverAsync(_a, _b);
        _a.Enqueue(FakeOpenAiReply.Error(429, "rate_limit_exceeded", "Slow down.", retryAfterSeconds: 1));
        _a.Enqueue(FakeOpenAiReply.WithText("From A after waiting."));
        var clock = Stopwatch.StartNew();

        var routed = await fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"Waited only {clock.Elapsed}.");
        Assert.Equal("From A after waiting.", routed.Value.Text);
        Assert.Contains("429 rate limited, retry-after 1s", routed.Route.Attempts[0].Reason, StringComparison.Ordinal);
        Assert.Contains("retrying in 1s", routed.Route.Attempts[0].Reason, StringComparison.Ordinal);
        Assert.Empty(_b.Requests);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_fails_over_instead_of_waiting()
    {
        var model = await fixture.RouteOverAsync(_a, _b);
        _a.Enqueue(FakeOpenAiReply.Error(429, "rate_limit_exceeded", "Slow down.", retryAfterSeconds: 30));
        var clock = Stopwatch.StartNew();

        var routed = await fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Took {clock.Elapsed}.");
        Assert.Equal($"{model}-b", routed.Route.Endpoint);
        Assert.Contains("retry-after 30s exceeds cap 2s", routed.Route.Attempts[0].Reason, StringComparison.Ordinal);
        Assert.Single(_a.Requests);
    }

    [Fact]
    public async Task A_first_byte_timeout_fails_over()
    {
        var model = GatewayRegistryFixture.NewModel();
        await fixture.CreateModelAsync(model);
        var slow = await fixture.CreatePlatformEndpointAsync(model + "-slow", _a, model, firstByteSeconds: 0.3);
        var fast = await fixture.CreatePlatformEndpointAsync(model + "-fast", _b, model);
        await fixture.SetPlatformRouteAsync(model, slow, fast);
        _a.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(5) });
        _a.Enqueue(new FakeOpenAiReply { FirstByteDelay = TimeSpan.FromSeconds(5) });

        var routed = await fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);

        Assert.Equal(model + "-fast", routed.Route.Endpoint);
        Assert.All(routed.Route.Attempts.Take(2), a => Assert.StartsWith("timeout", a.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_request_returns_to_the_caller_without_failover()
    {
        var model = await fixture.RouteOverAsync(_a, _b);
        _a.Enqueue(FakeOpenAiReply.Error(400, "invalid_request_error", "max_tokens is too large."));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question(model), CancellationToken.None));

        Assert.Equal(LlmErrorKind.BadRequest, error.Kind);
        Assert.Single(_a.Requests);
        Assert.Empty(_b.Requests);
        Assert.Single(error.Route!.Attempts);
    }

    [Fact]
    public async Task An_unauthorized_endpoint_is_not_retried_but_failed_over()
    {
        var model = await fixture.RouteOverAsync(_a, _b);
        _a.Enqueue(FakeOpenAiReply.Error(401, "invalid_request_error", "Incorrect API key provided."));

        var routed = await fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);

        Assert.Equal($"{model}-b", routed.Route.Endpoint);
        Assert.Single(_a.Requests);
        Assert.StartsWith("401 unauthorized", routed.Route.Attempts[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_endpoint_fails_the_error_carries_the_whole_report()
    {
        var model = await fixture.RouteOverAsync(_a, _b);
        for (var i = 0; i < 2; i++)
        {
            _a.Enqueue(FakeOpenAiReply.Error(503, "server_error", "Down."));
            _b.Enqueue(FakeOpenAiReply.Error(503, "server_error", "Down."));
        }

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question(model), CancellationToken.None));

        Assert.Equal(LlmErrorKind.ServerError, error.Kind);
        Assert.Equal(4, error.Route!.Attempts.Count);
        Assert.Contains(model, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_without_a_route_is_not_available_and_named()
    {
        var error = await Assert.ThrowsAsync<LlmProviderException>(() => fixture.Router.ChatAsync(_tenant, GatewayRegistryFixture.Question("no-such-model"), CancellationToken.None));

        Assert.Equal(LlmErrorKind.ModelNotAvailable, error.Kind);
        Assert.Contains("'no-such-model'", error.Message, StringComparison.Ordinal);
    }
}
