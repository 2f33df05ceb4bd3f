using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Routing;
using OmniBots.Gateway.Tests.Registry;
using OmniBots.Platform.Events;
using OmniBots.Testing;
using OmniBots.Testing.Identity;
using Xunit;

namespace OmniBots.Gateway.Tests.Routing;

public sealed class BreakerStreamPriceTests(GatewayRegistryFixture fixture) : IClassFixture<GatewayRegistryFixture>, IAsyncLifetime
{
    private FakeOpenAiServer _a = null!;
    private FakeOpenAiServer _b = null!;

    public async Task InitializeAsync()
    {
        _a = await FakeOpenAiServer.StartAsync();
        _b = await FakeOpenAiServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task The_circuit_opens_after_consecutive_failures_then_a_half_open_probe_closes_it()
    {
        var tenant = (await fixture.Data.CreateTenantAsync()).Id;
        var model = await fixture.RouteOverAsync(_a, _b);
        for (var i = 0; i < 3; i++)
        {
            _a.Enqueue(FakeOpenAiReply.Error(500, "server_error", "Down."));
        }
        // Call 1: two failures on A. Call 2: the third opens the circuit, so the retry is skipped.
        await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        var second = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        Assert.Contains(second.Route.Attempts, a => a.Outcome == "skipped" && a.Reason == "circuit open");

        var third = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        Assert.Equal(new RouteAttempt($"{model}-a", "skipped", "circuit open"), third.Route.Attempts[0]);
        Assert.Equal(3, _a.Requests.Count);

        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        _a.Enqueue(FakeOpenAiReply.WithText("A is back."));
        var probe = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        Assert.Equal($"{model}-a", probe.Route.Endpoint);
        var after = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        Assert.Equal($"{model}-a", after.Route.Endpoint);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_delta_is_not_retried_or_failed_over()
    {
        var tenant = (await fixture.Data.CreateTenantAsync()).Id;
        var model = await fixture.RouteOverAsync(_a, _b);
        _a.Enqueue(new FakeOpenAiReply { Text = "Hello there my friend, how are you", DropAfterEvents = 3 });
        var received = new List<ChatDelta>();

        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var delta in fixture.Router.StreamChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None).Deltas)
            {
                received.Add(delta);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, error.Kind);
        Assert.Equal($"{model}-a", received[0].Route!.Endpoint);
        Assert.Contains(received, d => !string.IsNullOrEmpty(d.Text));
        Assert.Single(_a.Requests);
        Assert.Empty(_b.Requests);
    }

    [Fact]
    public async Task A_stream_that_fails_before_its_first_delta_fails_over()
    {
        var tenant = (await fixture.Data.CreateTenantAsync()).Id;
        var model = await fixture.RouteOverAsync(_a, _b);
        _a.Enqueue(FakeOpenAiReply.Error(401, "invalid_request_error", "Incorrect API key provided."));
        _b.Enqueue(FakeOpenAiReply.WithText("Streamed by B."));
        var routed = fixture.Router.StreamChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        var text = "";
        RouteReport? route = null;

        await foreach (var delta in routed.Deltas)
        {
            route ??= delta.Route;
            text += delta.Text;
        }

        Assert.Equal("Streamed by B.", text);
        Assert.Equal($"{model}-b", route!.Endpoint);
        Assert.Equal("failed", route.Attempts[0].Outcome);
    }

    [Fact]
    public async Task A_tenant_route_overrides_the_platform_route_for_that_tenant_only()
    {
        var model = await fixture.RouteOverAsync(_a);
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var other = (await fixture.Data.CreateTenantAsync()).Id;
        using var client = fixture.Host.CreateClient();
        var tokens = await Api.SignInForTokensAsync(client, admin);
        var own = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/gateway/endpoints", tokens.AccessToken, new
        {
            name = "tenant-b",
            provider = "openai",
            baseUrl = _b.BaseUrl.ToString(),
            credentials = new Dictionary<string, string> { ["api_key"] = FakeOpenAiServer.ApiKey },
            models = new[] { new { model, upstreamName = "tenant-upstream" } },
        }), HttpStatusCode.Created);
        await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/gateway/routes/{model}", tokens.AccessToken,
            new { endpoints = new[] { own.GetProperty("id").GetGuid() } }), HttpStatusCode.OK);

        var mine = await fixture.Router.ChatAsync(tenant.Id, GatewayRegistryFixture.Question(model), CancellationToken.None);
        var theirs = await fixture.Router.ChatAsync(other, GatewayRegistryFixture.Question(model), CancellationToken.None);

        Assert.Equal("tenant-b", mine.Route.Endpoint);
        Assert.Equal("tenant-upstream", _b.LastBody["model"]!.GetValue<string>());
        Assert.Equal($"{model}-a", theirs.Route.Endpoint);
    }

    [Fact]
    public async Task The_price_of_the_day_of_the_call_comes_back_with_the_result()
    {
        var tenant = (await fixture.Data.CreateTenantAsync()).Id;
        var model = await fixture.RouteOverAsync(_a);
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        using var client = fixture.Platform;
        await Api.JsonAsync(await client.PostAsJsonAsync($"/api/v1/admin/gateway/models/{model}/prices",
            new { validFrom = today.AddDays(-30), validTo = today.AddDays(9), inputPerMillion = 1.5m, outputPerMillion = 6m }), HttpStatusCode.Created);
        await Api.JsonAsync(await client.PostAsJsonAsync($"/api/v1/admin/gateway/models/{model}/prices",
            new { validFrom = today.AddDays(10), inputPerMillion = 1m, outputPerMillion = 4m }), HttpStatusCode.Created);

        var now = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        Assert.Equal(new ModelPrice(1.5m, 6m), now.Price);
        Assert.Equal((11 * 1.5m + 7 * 6m) / 1_000_000m, now.Price!.CostOf(now.Value.Usage!));

        fixture.Time.Advance(TimeSpan.FromDays(12));
        var later = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        Assert.Equal(new ModelPrice(1m, 4m), later.Price);
        var stream = fixture.Router.StreamChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        await foreach (var _ in stream.Deltas)
        {
        }
        Assert.Equal(new ModelPrice(1m, 4m), stream.Price);
    }

    [Fact]
    public async Task With_nothing_configured_an_empty_model_routes_to_offline()
    {
        var tenant = (await fixture.Data.CreateTenantAsync()).Id;

        var chat = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(""), CancellationToken.None);
        var embeddings = await fixture.Router.EmbedAsync(tenant, new EmbeddingRequest("", ["hello world"]), CancellationToken.None);
        var models = await fixture.Router.ListModelsAsync(tenant, null, CancellationToken.None);

        Assert.Equal((BuiltInModels.OfflineChat, "offline"), (chat.Route.Model, chat.Route.Endpoint));
        Assert.Equal(BuiltInModels.OfflineEmbeddings, embeddings.Route.Model);
        Assert.Equal(256, embeddings.Value.Vectors[0].Length);
        Assert.Contains(models, m => m.Code == BuiltInModels.OfflineChat);
        Assert.Contains(models, m => m.Code == BuiltInModels.OfflineEmbeddings && m.Dimensions == 256);
    }

    [Fact]
    public async Task The_snapshot_is_cached_until_a_change_notification_arrives_from_any_replica()
    {
        var tenant = (await fixture.Data.CreateTenantAsync()).Id;
        var model = GatewayRegistryFixture.NewModel();
        await fixture.Router.ListModelsAsync(tenant, null, CancellationToken.None);
        // Another replica's change: rows written behind this replica's back, then its notification.
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gateway.models (code, type) VALUES (@m, 'chat'); " +
            "INSERT INTO gateway.platform_endpoint_models (endpoint_id, model_code, upstream_name) VALUES ('00000000-0000-0000-0000-00000000000f', @m, 'offline'); " +
            "INSERT INTO gateway.platform_route_steps (model_code, position, endpoint_id) VALUES (@m, 0, '00000000-0000-0000-0000-00000000000f')", ("m", model));

        var before = await fixture.Router.ListModelsAsync(tenant, null, CancellationToken.None);
        await fixture.Host.Services.GetRequiredService<IEventBus>().PublishAsync("gateway.registry", "platform", CancellationToken.None);

        Assert.DoesNotContain(before, m => m.Code == model);
        await Eventually.TrueAsync(async () => (await fixture.Router.ListModelsAsync(tenant, null, CancellationToken.None)).Any(m => m.Code == model),
            TimeSpan.FromSeconds(10), "the notification drops the cached platform registry");
        var routed = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(model), CancellationToken.None);
        Assert.Equal("offline", routed.Route.Endpoint);
    }
}
