using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Tenancy;
using OmniBots.Runtime.Contracts;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Bots.Tests.Flows;

namespace OmniBots.Bots.Tests;

public sealed class ToolExecutionTests(ToolExecutionTests.Fixture fixture) : IClassFixture<ToolExecutionTests.Fixture>
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task TheTestPanel_RendersTheRequest_InjectsSecrets_AndNeverShowsThem()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.AllowPrivateNetworksAsync();
        await api.PutSecretAsync("ORDERS_TOKEN", "tok-123456789");
        await api.PutSecretAsync("SHOP_KEY", "shop-key-abcdef");
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.OrderTool(target.Url("orders/{{param.order_id}}?note={{param.note}}"),
            new { type = "bearer", secret = "ORDERS_TOKEN" }, headers: new[] { new { name = "X-Shop-Key", value = "{{env.SHOP_KEY}}" } }), HttpStatusCode.Created);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/tools/order_status/test", new { arguments = new { order_id = "A 1/2", note = "x&y" } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("tok-123456789", text, StringComparison.Ordinal);
        Assert.DoesNotContain("shop-key-abcdef", text, StringComparison.Ordinal);
        var result = JsonDocument.Parse(text).RootElement;
        Assert.True(result.GetProperty("success").GetBoolean(), text);
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.Equal(("shipped", "2026-12-01"), (result.GetProperty("result").GetProperty("status").GetString(), result.GetProperty("result").GetProperty("eta").GetString()));
        Assert.Contains("\"shipped\"", result.GetProperty("rawResponse").GetString(), StringComparison.Ordinal);
        var shown = result.GetProperty("request");
        Assert.Equal(("GET", target.Url("orders/A%201%2F2?note=x%26y")), (shown.GetProperty("method").GetString(), shown.GetProperty("url").GetString()));
        Assert.Equal([("X-Shop-Key", "***"), ("Authorization", "Bearer ***")],
            shown.GetProperty("headers").EnumerateArray().Select(h => (h.GetProperty("name").GetString(), h.GetProperty("value").GetString())));

        var received = Assert.Single(target.Requests);
        Assert.Equal(("GET", "/orders/A%201%2F2?note=x%26y"), (received.Method, received.PathAndQuery));
        Assert.Equal("Bearer tok-123456789", received.Headers["Authorization"]);
        Assert.Equal("shop-key-abcdef", received.Headers["X-Shop-Key"]);
    }

    [Fact]
    public async Task Bodies_AreJsonEscaped_ArgumentsTyped_AndBasicAndHeaderAuthInjected()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.AllowPrivateNetworksAsync();
        await api.PutSecretAsync("HELPDESK_PASSWORD", "pass-secret-999");
        await api.PutSecretAsync("HOOK_KEY", "hook-key-777");
        var parameters = new
        {
            type = "object",
            properties = new { subject = new { type = "string" }, count = new { type = "integer" }, urgent = new { type = "boolean" } },
            required = Strings("subject"),
        };
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", new
        {
            code = "create_ticket", name = "Create ticket", description = "Creates a ticket.", parameters,
            action = new
            {
                method = "POST", url = target.Url("tickets"), body = "{\"subject\": \"{{param.subject}}\", \"count\": {{param.count}}}",
                auth = new { type = "basic", secret = "HELPDESK_PASSWORD", username = "bot" },
            },
        }, HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", new
        {
            code = "notify", name = "Notify", description = "Posts the arguments.", parameters,
            action = new { method = "POST", url = target.Url("hook"), auth = new { type = "header", secret = "HOOK_KEY", headerName = "X-Api-Key" } },
        }, HttpStatusCode.Created);

        const string subject = "He said \"refund\"\nthen left }";
        var ticket = await api.TestAsync("create_ticket", new { subject, count = "3" });
        Assert.True(ticket.GetProperty("success").GetBoolean(), ticket.ToString());
        var notify = await api.TestAsync("notify", new { subject = "hi", count = 2, urgent = "true" });
        Assert.True(notify.GetProperty("success").GetBoolean(), notify.ToString());

        var requests = target.Requests.ToArray();
        var sent = JsonNode.Parse(requests[0].Body)!;
        Assert.Equal((subject, 3), (sent["subject"]!.GetValue<string>(), sent["count"]!.GetValue<int>()));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bot:pass-secret-999")), requests[0].Headers["Authorization"]);
        Assert.StartsWith("application/json", requests[0].Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"subject": "hi", "count": 2, "urgent": true}"""), JsonNode.Parse(requests[1].Body)), requests[1].Body);
        Assert.Equal("hook-key-777", requests[1].Headers["X-Api-Key"]);
        Assert.Equal("Basic ***", ticket.GetProperty("request").GetProperty("headers")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task PrivateAddresses_AreRefused_UnlessTheTenantAllowsThem()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("internal", target.Url("echo")), HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("metadata", "http://169.254.169.254/latest/meta-data/", timeoutMs: 1000),
            HttpStatusCode.Created);

        var refused = await api.TestAsync("internal", new { });
        Assert.False(refused.GetProperty("success").GetBoolean());
        Assert.Contains("private or loopback", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("private or loopback", (await api.TestAsync("metadata", new { })).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(target.Requests);

        await api.AllowPrivateNetworksAsync();
        Assert.True((await api.JsonAsync(HttpMethod.Get, "/api/v1/tools/settings")).GetProperty("allowPrivateNetworks").GetBoolean());
        Assert.True((await api.TestAsync("internal", new { })).GetProperty("success").GetBoolean());
        Assert.Single(target.Requests);
        await api.AllowPrivateNetworksAsync(false);
        Assert.False((await api.TestAsync("internal", new { })).GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task SlowOversizedFailingAndNonJsonAnswers_AreErrors()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.AllowPrivateNetworksAsync();
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("slow", target.Url("slow"), timeoutMs: 300), HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("big", target.Url("big")), HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("failing", target.Url("fail")), HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("text", target.Url("text")), HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.OrderTool(target.Url("text"), code: "mapped_text"), HttpStatusCode.Created);

        var slow = await api.TestAsync("slow", new { });
        Assert.Equal("The service did not answer within 300 ms.", slow.GetProperty("error").GetString());
        Assert.InRange(slow.GetProperty("latencyMs").GetInt64(), 250, 4000);
        Assert.Contains("larger than the limit of 1048576 bytes", (await api.TestAsync("big", new { })).GetProperty("error").GetString(), StringComparison.Ordinal);
        var failing = await api.TestAsync("failing", new { });
        Assert.Equal((false, 500), (failing.GetProperty("success").GetBoolean(), failing.GetProperty("status").GetInt32()));
        Assert.StartsWith("The service answered 500", failing.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("down", failing.GetProperty("rawResponse").GetString(), StringComparison.Ordinal);
        Assert.Equal("hello there", (await api.TestAsync("text", new { })).GetProperty("result").GetString());
        Assert.StartsWith("The response is not JSON", (await api.TestAsync("mapped_text", new { order_id = "1" })).GetProperty("error").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_AreCheckedAgainstTheSchema_AndMissingSecretsNamed()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.AllowPrivateNetworksAsync();
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", new
        {
            code = "strict", name = "Strict", description = "Checks its arguments.",
            parameters = new
            {
                type = "object",
                properties = new
                {
                    order_id = new { type = "string" },
                    qty = new { type = "integer" },
                    mode = new { type = "string", @enum = Strings("fast", "slow") },
                    tags = new { type = "array", items = new { type = "string" } },
                },
                required = Strings("order_id"),
            },
            action = new { method = "GET", url = target.Url("echo?key={{env.MISSING_KEY}}") },
        }, HttpStatusCode.Created);

        var error = (await api.TestAsync("strict", new { qty = "many", mode = "medium", tags = new object[] { "a", new { } }, extra = 1 })).GetProperty("error").GetString()!;
        foreach (var part in Strings("order_id: required.", "qty: expected an integer, got string \"many\".", "mode: must be one of \"fast\", \"slow\".",
            "tags[1]: expected a string", "extra: not a parameter of this tool."))
        {
            Assert.Contains(part, error, StringComparison.Ordinal);
        }
        var missing = await api.TestAsync("strict", new { order_id = "1", qty = "2", mode = "fast" });
        Assert.Contains("MISSING_KEY", missing.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(target.Requests);
        await api.PutSecretAsync("MISSING_KEY", "now-set-1");
        await Eventually.TrueAsync(async () => (await api.TestAsync("strict", new { order_id = "1" })).GetProperty("success").GetBoolean(),
            TimeSpan.FromSeconds(10), "the new secret reaches the tool");
        Assert.Equal("/echo?key=now-set-1", target.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task Analytics_CountCallsErrorsAndLatency_PerTool()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var other = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.AllowPrivateNetworksAsync();
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.OrderTool(target.Url("orders/{{param.order_id}}")), HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("failing", target.Url("fail")), HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
        {
            await api.TestAsync("order_status", new { order_id = $"{i}" });
        }
        await api.TestAsync("order_status", new { });
        await api.TestAsync("failing", new { });
        await api.TestAsync("failing", new { });
        await api.TestAsync("current_time", new { });

        var analytics = await api.JsonAsync(HttpMethod.Get, "/api/v1/tools/analytics");
        var stats = analytics.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("toolCode").GetString()!);
        Assert.Equal(["current_time", "failing", "order_status"], stats.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((4, 1, 0.25), (stats["order_status"].GetProperty("calls").GetInt64(), stats["order_status"].GetProperty("errors").GetInt64(),
            stats["order_status"].GetProperty("errorRate").GetDouble()));
        Assert.Equal((2, 2, 1.0), (stats["failing"].GetProperty("calls").GetInt64(), stats["failing"].GetProperty("errors").GetInt64(),
            stats["failing"].GetProperty("errorRate").GetDouble()));
        Assert.True(stats["order_status"].GetProperty("p95LatencyMs").GetDouble() >= stats["order_status"].GetProperty("p50LatencyMs").GetDouble());

        var later = fixture.Time.GetUtcNow().AddHours(1);
        var empty = await api.JsonAsync(HttpMethod.Get, $"/api/v1/tools/analytics?from={Uri.EscapeDataString(later.ToString("O"))}&to={Uri.EscapeDataString(later.AddHours(1).ToString("O"))}");
        Assert.Equal(0, empty.GetProperty("tools").GetArrayLength());
        Assert.Equal(0, (await other.JsonAsync(HttpMethod.Get, "/api/v1/tools/analytics")).GetProperty("tools").GetArrayLength());

        var executions = await api.JsonAsync(HttpMethod.Get, "/api/v1/tools/failing/executions");
        Assert.Equal([("test", false, 500), ("test", false, 500)], executions.EnumerateArray().Select(e => (e.GetProperty("source").GetString(),
            e.GetProperty("success").GetBoolean(), e.GetProperty("statusCode").GetInt32())));
        Assert.Equal(0, (await other.JsonAsync(HttpMethod.Get, "/api/v1/tools/failing/executions")).GetArrayLength());
    }

    [Fact]
    public async Task AFlowsToolCallNode_RunsTheTenantTool_ThroughTheExecutor()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.AllowPrivateNetworksAsync();
        await api.PutSecretAsync("ORDERS_TOKEN", "flow-token-42");
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.OrderTool(target.Url("orders/{{param.order_id}}"),
            new { type = "bearer", secret = "ORDERS_TOKEN" }), HttpStatusCode.Created);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("switched_off", target.Url("echo")), HttpStatusCode.Created);
        var off = ToolHelpers.PlainTool("switched_off", target.Url("echo"));
        await api.JsonAsync(HttpMethod.Put, "/api/v1/tools/switched_off", JsonSerializer.SerializeToNode(off)!.AsObject().Also(o => o["enabled"] = false));

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(api.Tenant.Id);
        var tools = scope.ServiceProvider.GetRequiredService<IFlowToolExecutor>();
        var described = await tools.DescribeAsync(["order_status", "current_time", "switched_off", "unknown"], CancellationToken.None);
        Assert.Equal(["order_status", "current_time"], described.Select(d => d.Name));
        Assert.Equal("string", described[0].Parameters.GetProperty("properties").GetProperty("order_id").GetProperty("type").GetString());

        var content = Content(Graph(
            [
                Node("start", "start"),
                Node("lookup", "tool_call", new { tool = "order_status", arguments = new[] { new { name = "order_id", value = "{{order}}" } } }, outputVariable: "res"),
                Node("done", "end", new { message = "Order {{res.status}}, arriving {{res.eta}}" }),
                Node("failed", "end", new { message = "{{error.message}}" }),
            ],
            [Edge("start", "next", "lookup"), Edge("lookup", "success", "done"), Edge("lookup", "error", "failed")]));
        var flows = FlowSet.Parse(JsonSerializer.Serialize(content, WebJson));
        var executor = new FlowExecutor(new RuntimeServices { Tools = tools });
        var state = new ConversationState();
        state.Variables["order"] = "77";
        var turn = await executor.RunTurnAsync(flows, state, InboundEvent.Start());
        Assert.Equal(["Order shipped, arriving 2026-12-01"], turn.Messages.Select(m => m.Text));
        var received = Assert.Single(target.Requests);
        Assert.Equal(("/orders/77", "Bearer flow-token-42"), (received.PathAndQuery, received.Headers["Authorization"]));

        state.Variables["order"] = "";
        var invalid = await executor.RunTurnAsync(flows, state, InboundEvent.Start());
        Assert.Contains("order_id", invalid.Messages.Single().Text, StringComparison.Ordinal);
        var executions = await api.JsonAsync(HttpMethod.Get, "/api/v1/tools/order_status/executions");
        Assert.Equal(["flow", "flow"], executions.EnumerateArray().Select(e => e.GetProperty("source").GetString()));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}

/// <summary>The configuration flag allows private networks for every tenant (development and on-premises installs).</summary>
public sealed class ToolNetworkConfigurationTests(ToolNetworkConfigurationTests.Fixture fixture) : IClassFixture<ToolNetworkConfigurationTests.Fixture>
{
    public sealed class Fixture : IdentityFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Bots:Tools:AllowPrivateNetworks"] = "true" };
    }

    [Fact]
    public async Task TheConfigurationFlag_AllowsPrivateAddresses_WithoutTheTenantSetting()
    {
        await using var target = await ToolTarget.StartAsync();
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var settings = await api.JsonAsync(HttpMethod.Get, "/api/v1/tools/settings");
        Assert.Equal((false, true), (settings.GetProperty("allowPrivateNetworks").GetBoolean(), settings.GetProperty("allowedByConfiguration").GetBoolean()));
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("internal", target.Url("echo")), HttpStatusCode.Created);
        Assert.True((await api.TestAsync("internal", new { })).GetProperty("success").GetBoolean());
        Assert.Single(target.Requests);
    }
}
