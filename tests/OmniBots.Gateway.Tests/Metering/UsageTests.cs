using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Metering;
using OmniBots.Gateway.Tests.Pipeline;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.Metering;

public sealed class UsageTests(UsageTests.Fixture fixture) : IClassFixture<UsageTests.Fixture>
{
    public sealed class Fixture : GatewayApiFixture;

    private static object Chat(string model, string text) => new { model, messages = new[] { new { role = "user", content = text } } };

    private Task WaitForRecordsAsync(Guid tenant, long count) => Eventually.TrueAsync(
        async () => await fixture.CountAsync("SELECT count(*) FROM gateway.usage_records WHERE tenant_id = @t", ("t", tenant)) == count,
        TimeSpan.FromSeconds(10), $"{count} usage records are written");

    [Fact]
    public async Task Every_call_leaves_a_usage_record_with_route_tokens_cost_and_status()
    {
        var (tenant, token) = await fixture.AdminAsync();
        var (keyId, key) = await fixture.CreateKeyAsync(token);
        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("gpt-4o-mini", "hi")), HttpStatusCode.OK);
        fixture.Upstream.Enqueue(FakeOpenAiReply.Error(500, "server_error", "Upstream broke."));
        await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat("gpt-4o-mini", "again"));

        await WaitForRecordsAsync(tenant.Id, 2);

        await using var connection = await fixture.Database.OpenAsTenantAsync(tenant.Id);
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT virtual_key_id, feature, model, operation, endpoint, provider, input_tokens, output_tokens, cost_usd, status, error_kind, cached FROM gateway.usage_records ORDER BY id",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(keyId, reader.GetGuid(0));
        Assert.Equal("openai-api", reader.GetString(1));
        Assert.Equal("gpt-4o-mini", reader.GetString(2));
        Assert.Equal("chat", reader.GetString(3));
        Assert.Equal("fake upstream", reader.GetString(4));
        Assert.Equal("openai", reader.GetString(5));
        Assert.Equal(11, reader.GetInt32(6));
        Assert.Equal(7, reader.GetInt32(7));
        Assert.Equal(GatewayApiFixture.DefaultCallCost, reader.GetDecimal(8));
        Assert.Equal("ok", reader.GetString(9));
        Assert.False(reader.GetBoolean(11));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("error", reader.GetString(9));
        Assert.Equal(nameof(LlmErrorKind.ServerError), reader.GetString(10));
        Assert.Equal(0m, reader.GetDecimal(8));
    }

    [Fact]
    public async Task The_hourly_job_aggregates_and_the_usage_api_groups_before_and_after_it()
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var (other, otherAdmin) = await fixture.Data.CreateTenantWithUserAsync();
        var token = await fixture.SignInAsync(admin);
        var otherToken = await fixture.SignInAsync(otherAdmin);
        var (keyA, a) = await fixture.CreateKeyAsync(token, new { name = "a" });
        var (_, b) = await fixture.CreateKeyAsync(token, new { name = "b" });
        var (_, foreign) = await fixture.CreateKeyAsync(otherToken);
        await JsonAsync(await fixture.V1Async(a, HttpMethod.Post, "/v1/chat/completions", Chat("gpt-4o-mini", "1")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(a, HttpMethod.Post, "/v1/chat/completions", Chat("gpt-4o", "2")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(b, HttpMethod.Post, "/v1/chat/completions", Chat("gpt-4o-mini", "3")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(foreign, HttpMethod.Post, "/v1/chat/completions", Chat("gpt-4o-mini", "4")), HttpStatusCode.OK);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            // A module's own call, metered under its feature name.
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant.Id);
            await scope.ServiceProvider.GetRequiredService<ILlmGateway>().ChatAsync(
                new ChatRequest { Model = "gpt-4o-mini", Messages = [ChatMessage.User("5")] }, new GatewayCall("bots.llm-node"), CancellationToken.None);
        }
        await WaitForRecordsAsync(tenant.Id, 4);
        var from = fixture.Time.GetUtcNow().AddHours(-2);
        var to = fixture.Time.GetUtcNow().AddHours(2);

        var byModelRaw = await UsageAsync(token, from, to, "model");

        Assert.Equal([("gpt-4o", 1L), ("gpt-4o-mini", 3L)], byModelRaw);
        var hourly = await fixture.CountAsync("SELECT count(*) FROM gateway.usage_hourly WHERE tenant_id = @t", ("t", tenant.Id));
        Assert.Equal(0, hourly);

        fixture.Time.Advance(TimeSpan.FromHours(1));
        await RunAggregationAsync();
        token = await fixture.SignInAsync(admin);
        otherToken = await fixture.SignInAsync(otherAdmin);

        Assert.Equal(4, await fixture.CountAsync("SELECT sum(requests)::bigint FROM gateway.usage_hourly WHERE tenant_id = @t", ("t", tenant.Id)));
        Assert.Equal([("gpt-4o", 1L), ("gpt-4o-mini", 3L)], await UsageAsync(token, from, to, "model"));
        Assert.Equal([("bots.llm-node", 1L), ("openai-api", 3L)], await UsageAsync(token, from, to, "feature"));
        var byKey = await UsageAsync(token, from, to, "key");
        Assert.Contains(("", 1L), byKey);
        Assert.Contains((keyA.ToString(), 2L), byKey);
        Assert.Equal(4L, Assert.Single(await UsageAsync(token, from, to, "day")).Requests);
        // Another tenant sees only its own call.
        Assert.Equal([("gpt-4o-mini", 1L)], await UsageAsync(otherToken, from, to, "model"));

        // Running again changes nothing (the job is idempotent).
        await RunAggregationAsync();
        Assert.Equal(4, await fixture.CountAsync("SELECT sum(requests)::bigint FROM gateway.usage_hourly WHERE tenant_id = @t", ("t", tenant.Id)));
        Assert.Equal(1, await fixture.CountAsync("SELECT sum(requests)::bigint FROM gateway.usage_hourly WHERE tenant_id = @t", ("t", other.Id)));
    }

    [Fact]
    public async Task The_usage_api_refuses_an_unknown_grouping()
    {
        var (_, token) = await fixture.AdminAsync();

        var problem = await ProblemAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Get, "/api/v1/gateway/usage?groupBy=tenant", token), HttpStatusCode.BadRequest);

        Assert.Equal(["groupBy"], ErrorFields(problem));
    }

    private async Task<List<(string Group, long Requests)>> UsageAsync(string token, DateTimeOffset from, DateTimeOffset to, string groupBy)
    {
        var path = $"/api/v1/gateway/usage?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&groupBy={groupBy}";
        var report = await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Get, path, token), HttpStatusCode.OK);
        return [.. report.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("group").GetString()!, r.GetProperty("requests").GetInt64()))];
    }

    /// <summary>Runs the cron job's handler the way the scheduler does: a platform job on the queue.</summary>
    private async Task RunAggregationAsync()
    {
        var job = await fixture.Host.Services.GetRequiredService<IPlatformJobQueue>()
            .EnqueueAsync(new JobRequest(UsageAggregationHandler.Kind), "test: run the hourly aggregation now", CancellationToken.None);
        await Eventually.TrueAsync(async () => await fixture.Database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", job.Id)) == "succeeded",
            TimeSpan.FromSeconds(20), "the aggregation job succeeded");
    }
}
