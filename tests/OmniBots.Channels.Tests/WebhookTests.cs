using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Conversations.Contracts;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Channels.Tests;

public sealed class WebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string[] UnknownTypes = ["message.deleted"];
    private readonly HttpClient _client = fixture.Host.CreateClient();

    private Task<ChannelsTestTenant> TenantAsync() =>
        ChannelsTestTenant.CreateAsync(fixture, _client, Permissions.Integrations.Read, Permissions.Integrations.Write);

    /// <summary>Subscribes a fresh receiver path and tells the receiver the secret, as the customer would store it.</summary>
    private async Task<(Guid Id, string Path, string Secret)> SubscribeAsync(ChannelsTestTenant tenant, params string[] types)
    {
        var path = $"hooks/{Guid.NewGuid():N}";
        var created = await tenant.JsonAsync(_client, HttpMethod.Post, "/api/v1/webhooks",
            new { url = fixture.Receiver.UrlFor(path).ToString(), eventTypes = types.Length > 0 ? types : ConversationEvents.All }, HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        fixture.Receiver.SetSecret(path, secret);
        return (created.GetProperty("webhook").GetProperty("id").GetGuid(), path, secret);
    }

    private async Task<JsonElement[]> DeliveriesAsync(ChannelsTestTenant tenant, Guid id)
        => (await tenant.JsonAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{id}/deliveries", null, HttpStatusCode.OK)).EnumerateArray().ToArray();

    [Fact]
    public async Task Creating_a_webhook_shows_its_secret_once_and_stores_it_protected()
    {
        var tenant = await TenantAsync();
        var (id, _, secret) = await SubscribeAsync(tenant, ConversationEvents.MessageCreated);

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var listed = await tenant.JsonAsync(_client, HttpMethod.Get, "/api/v1/webhooks", null, HttpStatusCode.OK);
        var view = Assert.Single(listed.EnumerateArray());
        Assert.Equal(id, view.GetProperty("id").GetGuid());
        Assert.DoesNotContain(secret, view.GetRawText(), StringComparison.Ordinal);
        Assert.Equal([ConversationEvents.MessageCreated], view.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        var stored = await fixture.Database.ScalarAsync<string>("SELECT secret_protected FROM channels.webhook_subscriptions WHERE id = @id", ("id", id));
        Assert.DoesNotContain(secret["whsec_".Length..], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_webhook_with_a_bad_url_or_unknown_event_types_names_the_fields()
    {
        var tenant = await TenantAsync();
        var response = await tenant.SendAsync(_client, HttpMethod.Post, "/api/v1/webhooks", new { url = "ftp://example.com/x", eventTypes = UnknownTypes });
        var problem = await Api.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["eventTypes", "url"], Api.ErrorFields(problem).Order(StringComparer.Ordinal));

        var missing = await Api.ProblemAsync(await tenant.SendAsync(_client, HttpMethod.Post, "/api/v1/webhooks", new { url = "https://example.com/x" }), HttpStatusCode.BadRequest);
        Assert.Equal(["eventTypes"], Api.ErrorFields(missing));
    }

    [Fact]
    public async Task A_committed_event_is_delivered_signed_to_the_subscriptions_that_asked_for_it()
    {
        var tenant = await TenantAsync();
        var (id, path, _) = await SubscribeAsync(tenant, ConversationEvents.MessageCreated);
        var (_, closedOnlyPath, _) = await SubscribeAsync(tenant, ConversationEvents.Closed);
        var (disabledId, disabledPath, _) = await SubscribeAsync(tenant, ConversationEvents.MessageCreated);
        await tenant.JsonAsync(_client, HttpMethod.Patch, $"/api/v1/webhooks/{disabledId}", new { enabled = false }, HttpStatusCode.OK);
        var e = WebhookEvents.MessageCreated(tenant.Tenant.Id, "hello");

        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [e]);

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Receiver.ReceivedAt(path).Count > 0), Patience, "the webhook arrives");
        var received = Assert.Single(fixture.Receiver.ReceivedAt(path));
        Assert.True(received.SignatureValid, received.VerificationError);
        Assert.Equal(ConversationEvents.MessageCreated, received.Header("X-OmniBots-Event"));
        Assert.StartsWith($"t={received.Header("X-OmniBots-Timestamp")},v1=", received.Header("X-OmniBots-Signature"), StringComparison.Ordinal);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(e.Id, body.GetProperty("id").GetGuid());
        Assert.Equal(ConversationEvents.MessageCreated, body.GetProperty("type").GetString());
        Assert.Equal(tenant.Tenant.Id, body.GetProperty("tenantId").GetGuid());
        Assert.Equal(e.ConversationId, body.GetProperty("conversationId").GetGuid());
        Assert.Equal(e.BotId, body.GetProperty("botId").GetGuid());
        Assert.Equal("rest", body.GetProperty("channel").GetString());
        Assert.Equal("hello", body.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal(e.OccurredAt, body.GetProperty("occurredAt").GetDateTimeOffset());

        await Eventually.TrueAsync(async () => (await DeliveriesAsync(tenant, id)).Length > 0, Patience, "the delivery is logged");
        var logged = Assert.Single(await DeliveriesAsync(tenant, id));
        Assert.Equal("succeeded", logged.GetProperty("status").GetString());
        Assert.Equal(200, logged.GetProperty("responseCode").GetInt32());
        Assert.Equal(1, logged.GetProperty("attempt").GetInt32());
        Assert.Equal(received.Header("X-OmniBots-Delivery"), logged.GetProperty("deliveryId").GetGuid().ToString());
        Assert.Empty(fixture.Receiver.ReceivedAt(closedOnlyPath));
        Assert.Empty(fixture.Receiver.ReceivedAt(disabledPath));
    }

    [Fact]
    public async Task An_event_whose_transaction_rolls_back_is_never_delivered()
    {
        var tenant = await TenantAsync();
        var (_, path, _) = await SubscribeAsync(tenant);
        var rolledBack = WebhookEvents.MessageCreated(tenant.Tenant.Id, "never");
        var committed = WebhookEvents.MessageCreated(tenant.Tenant.Id, "after");

        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [rolledBack], commit: false);
        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [committed]);

        // The committed event went through the same queue after the rolled-back one: once it is here, the other would be too.
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Receiver.ReceivedAt(path).Count > 0), Patience, "the committed event arrives");
        var received = Assert.Single(fixture.Receiver.ReceivedAt(path));
        Assert.Equal(committed.Id, JsonDocument.Parse(received.Body).RootElement.GetProperty("id").GetGuid());
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.jobs WHERE idempotency_key LIKE @key", ("key", $"%:{rolledBack.Id}")));
    }

    [Fact]
    public async Task Publishing_the_same_event_twice_delivers_it_once()
    {
        var tenant = await TenantAsync();
        var (id, path, _) = await SubscribeAsync(tenant);
        var e = WebhookEvents.MessageCreated(tenant.Tenant.Id, "once");

        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [e]);
        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [e]);

        await Eventually.TrueAsync(async () => (await DeliveriesAsync(tenant, id)).Length > 0, Patience, "the delivery is logged");
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.jobs WHERE idempotency_key = @key", ("key", $"webhook:{id}:{e.Id}")));
        Assert.Single(fixture.Receiver.ReceivedAt(path));
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_the_same_delivery_id_and_every_attempt_is_logged()
    {
        var tenant = await TenantAsync();
        var (id, path, _) = await SubscribeAsync(tenant);
        fixture.Receiver.FailNext(2, 503);

        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [WebhookEvents.MessageCreated(tenant.Tenant.Id, "retry me")]);

        await Eventually.TrueAsync(async () => (await DeliveriesAsync(tenant, id)).Any(d => d.GetProperty("status").GetString() == "succeeded"),
            Patience, "the third attempt succeeds");
        var attempts = (await DeliveriesAsync(tenant, id)).OrderBy(d => d.GetProperty("attempt").GetInt32()).ToArray();
        Assert.Equal([1, 2, 3], attempts.Select(d => d.GetProperty("attempt").GetInt32()));
        Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(d => d.GetProperty("status").GetString()));
        Assert.Equal([503, 503, 200], attempts.Select(d => d.GetProperty("responseCode").GetInt32()));
        Assert.Contains("503", attempts[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(attempts.Select(d => d.GetProperty("deliveryId").GetGuid()).Distinct());
        var received = fixture.Receiver.ReceivedAt(path);
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Header("X-OmniBots-Delivery")).Distinct());
        Assert.All(received, r => Assert.True(r.SignatureValid, r.VerificationError));
        var view = await tenant.JsonAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{id}", null, HttpStatusCode.OK);
        Assert.Equal(0, view.GetProperty("consecutiveFailures").GetInt32());
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_given_up_on_and_then_disabled()
    {
        var tenant = await TenantAsync();
        var (id, path, _) = await SubscribeAsync(tenant);
        fixture.Receiver.SetSecret(path, "whsec_not-the-right-one");

        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [WebhookEvents.MessageCreated(tenant.Tenant.Id, "one")]);
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(tenant, id)).Length == WebhookFixture.MaxAttempts, Patience, "every attempt is used");
        await Eventually.TrueAsync(async () => await fixture.Database.ScalarAsync<string>(
            "SELECT state FROM platform.jobs WHERE idempotency_key LIKE @key", ("key", $"webhook:{id}:%")) == "dead", Patience, "the job goes dead");
        Assert.All(await DeliveriesAsync(tenant, id), d => Assert.Equal(400, d.GetProperty("responseCode").GetInt32()));

        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [WebhookEvents.MessageCreated(tenant.Tenant.Id, "two")]);
        await Eventually.TrueAsync(async () => !(await tenant.JsonAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{id}", null, HttpStatusCode.OK))
            .GetProperty("enabled").GetBoolean(), Patience, "the subscription is disabled");
        var view = await tenant.JsonAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{id}", null, HttpStatusCode.OK);
        Assert.Equal(WebhookFixture.DisableAfter, view.GetProperty("consecutiveFailures").GetInt32());
        Assert.Contains("failed deliveries in a row", view.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebhookFixture.DisableAfter, fixture.Receiver.ReceivedAt(path).Count);

        var enabled = await tenant.JsonAsync(_client, HttpMethod.Patch, $"/api/v1/webhooks/{id}", new { enabled = true }, HttpStatusCode.OK);
        Assert.Equal(0, enabled.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabledReason").ValueKind);
    }

    [Fact]
    public async Task The_test_ping_is_signed_with_the_current_secret_and_rotation_replaces_it_at_once()
    {
        var tenant = await TenantAsync();
        var (id, path, oldSecret) = await SubscribeAsync(tenant);

        var ping = await tenant.JsonAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{id}/test", null, HttpStatusCode.OK);
        Assert.True(ping.GetProperty("succeeded").GetBoolean());
        Assert.Equal("webhook.test", fixture.Receiver.ReceivedAt(path)[^1].Header("X-OmniBots-Event"));

        var rotated = await tenant.JsonAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{id}/rotate-secret", null, HttpStatusCode.OK);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        var refused = await tenant.JsonAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{id}/test", null, HttpStatusCode.OK);
        Assert.False(refused.GetProperty("succeeded").GetBoolean());
        Assert.Equal(400, refused.GetProperty("statusCode").GetInt32());
        Assert.Equal("signature mismatch", fixture.Receiver.ReceivedAt(path)[^1].VerificationError);

        fixture.Receiver.SetSecret(path, newSecret);
        Assert.True((await tenant.JsonAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{id}/test", null, HttpStatusCode.OK)).GetProperty("succeeded").GetBoolean());
        var logged = await DeliveriesAsync(tenant, id);
        Assert.Equal(["succeeded", "failed", "succeeded"], logged.AsEnumerable().Reverse().Select(d => d.GetProperty("status").GetString()));
        var view = await tenant.JsonAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{id}", null, HttpStatusCode.OK);
        Assert.Equal(0, view.GetProperty("consecutiveFailures").GetInt32());
    }

    [Fact]
    public async Task Another_tenant_neither_sees_a_tenants_webhooks_nor_receives_its_events()
    {
        var a = await TenantAsync();
        var b = await TenantAsync();
        var (aId, aPath, _) = await SubscribeAsync(a);
        var (_, bPath, _) = await SubscribeAsync(b);

        Assert.DoesNotContain((await b.JsonAsync(_client, HttpMethod.Get, "/api/v1/webhooks", null, HttpStatusCode.OK)).EnumerateArray(), w => w.GetProperty("id").GetGuid() == aId);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{aId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{aId}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{aId}/rotate-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(_client, HttpMethod.Delete, $"/api/v1/webhooks/{aId}")).StatusCode);

        await WebhookEvents.PublishAsync(fixture.Host, a.Tenant.Id, [WebhookEvents.MessageCreated(a.Tenant.Id, "for a only")]);
        await WebhookEvents.PublishAsync(fixture.Host, b.Tenant.Id, [WebhookEvents.MessageCreated(b.Tenant.Id, "for b only")]);

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Receiver.ReceivedAt(aPath).Count > 0 && fixture.Receiver.ReceivedAt(bPath).Count > 0),
            Patience, "both tenants' events arrive");
        Assert.Equal("for a only", JsonDocument.Parse(Assert.Single(fixture.Receiver.ReceivedAt(aPath)).Body).RootElement.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("for b only", JsonDocument.Parse(Assert.Single(fixture.Receiver.ReceivedAt(bPath)).Body).RootElement.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Webhooks_need_the_integrations_permissions()
    {
        var reader = await ChannelsTestTenant.CreateAsync(fixture, _client, Permissions.Integrations.Read);
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(_client, HttpMethod.Get, "/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(_client, HttpMethod.Post, "/api/v1/webhooks",
            new { url = "https://example.com/h", eventTypes = ConversationEvents.All })).StatusCode);
        var other = await ChannelsTestTenant.CreateAsync(fixture, _client, Permissions.Conversations.Read);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync(_client, HttpMethod.Get, "/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync(Api.Url("/api/v1/webhooks"))).StatusCode);
    }

    [Fact]
    public async Task A_deleted_webhook_is_gone_and_its_pending_deliveries_end_quietly()
    {
        var tenant = await TenantAsync();
        var (id, path, _) = await SubscribeAsync(tenant);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.SendAsync(_client, HttpMethod.Delete, $"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.SendAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{id}")).StatusCode);

        await WebhookEvents.PublishAsync(fixture.Host, tenant.Tenant.Id, [WebhookEvents.MessageCreated(tenant.Tenant.Id, "nobody listens")]);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.jobs WHERE idempotency_key LIKE @key", ("key", $"webhook:{id}:%")));
        Assert.Empty(fixture.Receiver.ReceivedAt(path));
    }

    [Fact]
    public async Task The_daily_cleanup_deletes_delivery_log_rows_past_their_retention()
    {
        var tenant = await TenantAsync();
        var (id, _, _) = await SubscribeAsync(tenant);
        await tenant.JsonAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{id}/test", null, HttpStatusCode.OK);
        await fixture.Database.ExecuteAsync("UPDATE channels.webhook_deliveries SET created_at = now() - interval '31 days' WHERE subscription_id = @id", ("id", id));
        await tenant.JsonAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{id}/test", null, HttpStatusCode.OK);

        await fixture.Host.Services.GetRequiredService<IPlatformJobQueue>()
            .EnqueueAsync(new JobRequest("channels.webhooks.cleanup"), "test: run the cron now", CancellationToken.None);

        await Eventually.TrueAsync(async () => (await DeliveriesAsync(tenant, id)).Length == 1, Patience, "the old row is deleted");
        var kept = Assert.Single(await DeliveriesAsync(tenant, id));
        Assert.True(kept.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(-1));
    }
}
