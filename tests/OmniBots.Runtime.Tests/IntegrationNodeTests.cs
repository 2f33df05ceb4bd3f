using System.Text.Json.Nodes;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

public sealed class IntegrationNodeTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly ExecutorOptions AllowLocal = new() { AllowPrivateNetworks = true, MaxApiResponseBytes = 16 * 1024 };

    private static FlowSet ApiFlow(object settings) => new FlowBuilder().Node("start", "start")
        .Node("api", "api_call", settings)
        .Node("ok", "end", new { message = "ok" })
        .Node("err", "end", new { message = "error: {{error.message}}" })
        .Chain("start", "api").Edge("api", "success", "ok").Edge("api", "error", "err").Build();

    [Fact]
    public async Task Api_call_renders_url_headers_and_body_and_maps_the_json_response_by_jsonpath()
    {
        var flows = ApiFlow(new
        {
            method = "POST",
            url = server.BaseUrl + "/orders/{{order.id}}",
            headers = new object[] { new { name = "Authorization", value = "Bearer {{env.API_KEY}}" } },
            body = """{"note":"{{note}}"}""",
            responseMappings = new object[]
            {
                new { variable = "order.firstSku", path = "$.data.items[0].sku" },
                new { variable = "order.skus", path = "$.data.items[*].sku" },
                new { variable = "order.qtys", path = "$..qty" },
                new { variable = "echo.auth", path = "$['echo'].auth" },
                new { variable = "echo.body", path = "$.echo.body" },
                new { variable = "echo.type", path = "$.echo.contentType" },
            },
        });
        var harness = new Harness(flows, options: AllowLocal, turn: new TurnContext { Env = new Dictionary<string, string> { ["API_KEY"] = "s3cret" } });
        harness.State.Variables["order"] = new JsonObject { ["id"] = "A7" };
        harness.State.Variables["note"] = "hi";

        var result = await harness.StartAsync();

        Assert.Equal(["ok"], harness.Texts);
        Assert.Equal("""{"id":"A7","firstSku":"a","skus":["a","b"],"qtys":[1,2]}""", harness.Var("order"));
        Assert.Equal("Bearer s3cret", harness.State.Variables["echo"]!["auth"]!.GetValue<string>());
        Assert.Equal("""{"note":"hi"}""", harness.State.Variables["echo"]!["body"]!.GetValue<string>());
        Assert.StartsWith("application/json", harness.State.Variables["echo"]!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, harness.State.Variables["api_response"]!["status"]!.GetValue<int>());
        Assert.Equal("success", result.Trace.Single(t => t.NodeId == "api").Outcome);
    }

    [Theory]
    [InlineData("/fail", "The API answered 503")]
    [InlineData("/big", "larger than the limit of 16384 bytes")]
    public async Task Api_call_follows_error_on_a_failed_or_oversized_answer(string path, string expected)
    {
        var harness = new Harness(ApiFlow(new { method = "GET", url = server.BaseUrl + path }), options: AllowLocal);
        await harness.StartAsync();
        Assert.Contains(expected, harness.Texts.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_call_with_mappings_follows_error_when_the_body_is_not_json()
    {
        var harness = new Harness(ApiFlow(new { method = "GET", url = server.BaseUrl + "/text", responseMappings = new object[] { new { variable = "x", path = "$.a" } } }),
            options: AllowLocal);
        await harness.StartAsync();
        Assert.StartsWith("error: The response body is not JSON", harness.Texts.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_call_times_out_after_timeout_ms()
    {
        var harness = new Harness(ApiFlow(new { method = "GET", url = server.BaseUrl + "/slow", timeoutMs = 200 }), options: AllowLocal);
        var result = await harness.StartAsync();
        Assert.Equal(["error: The API did not answer within 200 ms."], harness.Texts);
        Assert.InRange(result.Trace.Single(t => t.NodeId == "api").DurationMs, 150, 3000);
    }

    [Fact]
    public async Task Api_call_refuses_loopback_addresses_unless_private_networks_are_allowed()
    {
        var harness = new Harness(ApiFlow(new { method = "GET", url = server.BaseUrl + "/orders/x" }));
        var result = await harness.StartAsync();
        Assert.Contains("resolves to a private or loopback address", harness.Texts.Single(), StringComparison.Ordinal);
        Assert.Equal("error", result.Trace.Single(t => t.NodeId == "api").Outcome);
    }

    [Fact]
    public async Task Tool_call_runs_the_tool_through_the_seam_and_follows_error_on_failure_or_timeout()
    {
        var tools = new FakeTools();
        tools.Tools["lookup"] = args => ToolExecution.Ok(new JsonObject { ["found"] = args["q"]!.GetValue<string>().ToUpperInvariant() });
        tools.Tools["broken"] = _ => ToolExecution.Failed("upstream down");
        FlowSet Flows(string tool) => new FlowBuilder().Node("start", "start")
            .Node("tool", "tool_call", new { tool, arguments = new object[] { new { name = "q", value = "{{query}}" } }, timeoutMs = 200 }, outputVariable: "res")
            .Node("ok", "end", new { message = "found {{res.found}}" }).Node("err", "end", new { message = "{{error.message}}" })
            .Chain("start", "tool").Edge("tool", "success", "ok").Edge("tool", "error", "err").Build();

        foreach (var (tool, expected) in new[] { ("lookup", "found ABC"), ("broken", "Tool 'broken' failed: upstream down"), ("slow", "Tool 'slow' timed out after 200 ms.") })
        {
            var harness = new Harness(Flows(tool), new RuntimeServices { Tools = tools });
            harness.State.Variables["query"] = "abc";
            await harness.StartAsync();
            Assert.Equal([expected], harness.Texts);
        }

        var noSeam = new Harness(Flows("lookup"));
        await noSeam.StartAsync();
        Assert.StartsWith("No tool executor is available", noSeam.Texts.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handoff_records_the_request_waits_silently_and_resumes_on_returned_or_unavailable()
    {
        FlowSet Flows() => new FlowBuilder().Node("start", "start")
            .Node("handoff", "handoff", new { queue = "billing", reason = "Customer {{user.name}} asked", priority = "high" })
            .Node("back", "end", new { message = "bot again" }).Node("none", "end", new { message = "nobody free" })
            .Chain("start", "handoff").Edge("handoff", "returned", "back").Edge("handoff", "unavailable", "none").Build();
        var harness = new Harness(Flows());
        harness.State.Variables["user"] = new JsonObject { ["name"] = "Ada" };

        var result = await harness.StartAsync();
        Assert.Equal(TurnOutcome.HandedOff, result.Outcome);
        Assert.Equal(new HandoffRequest("handoff", "billing", "Customer Ada asked", "high", true), result.Handoff);
        Assert.Equal(["Connecting you to an agent..."], harness.Texts);

        Assert.Equal(TurnOutcome.Ignored, (await harness.SayAsync("hello?")).Outcome);
        Assert.Empty(harness.Last.Messages);

        await harness.SendAsync(new InboundEvent(InboundKind.HandoffReturned));
        Assert.Equal(["bot again"], harness.Texts);

        var unavailable = new Harness(Flows());
        await unavailable.StartAsync();
        await unavailable.SendAsync(new InboundEvent(InboundKind.HandoffUnavailable));
        Assert.Equal(["nobody free"], unavailable.Texts);
    }
}
