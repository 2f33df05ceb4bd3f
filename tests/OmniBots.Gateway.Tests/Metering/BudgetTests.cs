using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Gateway.Metering;
using OmniBots.Gateway.Tests.Pipeline;
using OmniBots.Platform.Events;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.Metering;

/// <summary>Every call of the fake costs <see cref="GatewayApiFixture.DefaultCallCost"/> (0.025 USD).</summary>
public sealed class BudgetTests(BudgetTests.Fixture fixture) : IClassFixture<BudgetTests.Fixture>
{
    public sealed class Fixture : GatewayApiFixture;

    private static object Chat(string text) => new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = text } } };

    [Fact]
    public async Task A_spent_hard_budget_refuses_calls_with_402_naming_month_budget_and_spend()
    {
        var (_, token) = await fixture.AdminAsync();
        await fixture.PutSettingsAsync(token, new { monthlyHardBudgetUsd = 0.05m });
        var (_, key) = await fixture.CreateKeyAsync(token);

        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("1")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("2")), HttpStatusCode.OK);
        var before = fixture.Upstream.Requests.Count;
        var refused = await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("3")), HttpStatusCode.PaymentRequired);

        var message = refused.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Equal("budget_exceeded", refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(fixture.Time.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Contains("0.05 USD of 0.05 USD", message, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Upstream.Requests.Count);
    }

    [Fact]
    public async Task A_key_hard_budget_refuses_that_key_only()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, capped) = await fixture.CreateKeyAsync(token, new { name = "capped", monthlyHardBudgetUsd = 0.02m });
        var (_, free) = await fixture.CreateKeyAsync(token);

        await JsonAsync(await fixture.V1Async(capped, HttpMethod.Post, "/v1/chat/completions", Chat("1")), HttpStatusCode.OK);
        var refused = await JsonAsync(await fixture.V1Async(capped, HttpMethod.Post, "/v1/chat/completions", Chat("2")), HttpStatusCode.PaymentRequired);
        await JsonAsync(await fixture.V1Async(free, HttpMethod.Post, "/v1/chat/completions", Chat("3")), HttpStatusCode.OK);

        Assert.Contains("virtual key 'capped'", refused.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crossing_a_soft_budget_raises_one_event_and_one_audit_entry_per_month()
    {
        var events = new ConcurrentQueue<string>();
        await using var subscription = await fixture.Host.Services.GetRequiredService<IEventBus>().SubscribeAsync(BudgetTracker.Channel, (e, _) =>
        {
            if (!e.Reconnected)
            {
                events.Enqueue(e.Payload);
            }
            return Task.CompletedTask;
        }, CancellationToken.None);
        var (tenant, token) = await fixture.AdminAsync();
        var (keyId, key) = await fixture.CreateKeyAsync(token, new { name = "soft", monthlySoftBudgetUsd = 0.03m });

        for (var i = 0; i < 4; i++)
        {
            await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat($"call {i}")), HttpStatusCode.OK);
        }

        await Eventually.TrueAsync(async () => await fixture.CountAsync(
            "SELECT count(*) FROM platform.audit_log WHERE tenant_id = @t AND action = 'gateway.budget.soft_exceeded'", ("t", tenant.Id)) == 1,
            TimeSpan.FromSeconds(10), "the soft budget crossing is audited");
        await Eventually.TrueAsync(() => Task.FromResult(!events.IsEmpty), TimeSpan.FromSeconds(10), "the soft budget event arrives");
        Assert.Single(events, e => e.Contains(keyId.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM gateway.budget_alerts WHERE tenant_id = @t", ("t", tenant.Id)));
        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("again")), HttpStatusCode.OK);
        Assert.Equal(1, await fixture.CountAsync(
            "SELECT count(*) FROM platform.audit_log WHERE tenant_id = @t AND action = 'gateway.budget.soft_exceeded'", ("t", tenant.Id)));
    }
}
