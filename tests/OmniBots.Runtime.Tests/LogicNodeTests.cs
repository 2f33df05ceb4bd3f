using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

public sealed class LogicNodeTests
{
    private static object Say(string text) => new { messages = new object[] { new { text } } };

    [Fact]
    public async Task Set_variable_converts_each_value_type_in_order_and_traces_a_failed_conversion()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("set", "set_variable", new
            {
                assignments = new object[]
                {
                    new { variable = "order.count", value = "3", valueType = "number" },
                    new { variable = "order.label", value = "n={{order.count}}" },
                    new { variable = "flags.vip", value = "true", valueType = "boolean" },
                    new { variable = "cart", value = """{"items":[1,2]}""", valueType = "json" },
                    new { variable = "bad", value = "abc", valueType = "number" },
                },
            })
            .Chain("start", "set").Build();
        var harness = new Harness(flows);
        var result = await harness.StartAsync();
        Assert.Equal("""{"count":3,"label":"n=3"}""", harness.Var("order"));
        Assert.Equal("true", harness.State.Variables["flags"]!["vip"]!.ToJsonString());
        Assert.Equal("""{"items":[1,2]}""", harness.Var("cart"));
        Assert.True(harness.State.Variables.ContainsKey("bad"));
        Assert.Null(harness.State.Variables["bad"]);
        Assert.Contains("'bad': 'abc' is not a number", result.Trace.Single(t => t.NodeId == "set").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loop_in_count_mode_runs_the_body_count_times_then_done()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("loop", "loop", new { mode = "count", count = 3 })
            .Node("body", "send_message", Say("round {{loop_index}}"))
            .Node("done", "end", new { message = "finished" })
            .Chain("start", "loop").Edge("loop", "body", "body").Edge("body", "next", "loop").Edge("loop", "done", "done").Build();
        var harness = new Harness(flows);
        await harness.StartAsync();
        Assert.Equal(["round 0", "round 1", "round 2", "finished"], harness.Texts);
        Assert.Empty(harness.State.Loops);
    }

    [Fact]
    public async Task Loop_in_each_mode_walks_a_list_variable_bounded_by_max_iterations()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("loop", "loop", new { mode = "each", items = "{{order.lines}}", itemVariable = "line", maxIterations = 2 })
            .Node("body", "send_message", Say("{{line.sku}}"))
            .Chain("start", "loop").Edge("loop", "body", "body").Edge("body", "next", "loop").Build();
        var harness = new Harness(flows);
        harness.State.Variables["order"] = System.Text.Json.Nodes.JsonNode.Parse("""{"lines":[{"sku":"a"},{"sku":"b"},{"sku":"c"}]}""");
        var result = await harness.StartAsync();
        Assert.Equal(["a", "b"], harness.Texts);
        Assert.Equal("completed", result.State.EndReason); // done has no edge: the flow completes
    }

    [Fact]
    public async Task A_loop_whose_body_waits_resumes_its_count_in_the_next_turn()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("loop", "loop", new { mode = "count", count = 2 })
            .Node("ask", "collect_input", new { prompt = "Item {{loop_index}}?", inputType = "text", variable = "items.last" })
            .Node("done", "end", new { message = "done" })
            .Chain("start", "loop").Edge("loop", "body", "ask").Edge("ask", "next", "loop").Edge("loop", "done", "done").Build();
        var harness = new Harness(flows);
        await harness.StartAsync();
        Assert.Equal(["Item 0?"], harness.Texts);
        await harness.SayAsync("x");
        Assert.Equal(["Item 1?"], harness.Texts);
        await harness.SayAsync("y");
        Assert.Equal(["done"], harness.Texts);
    }

    [Fact]
    public async Task Delay_yields_with_a_resume_time_ignores_an_early_timer_and_keeps_a_user_message_for_the_next_waiting_node()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var flows = new FlowBuilder().Node("start", "start")
            .Node("wait", "delay", new { seconds = 30 })
            .Node("ask", "collect_input", new { prompt = "Name?", inputType = "text", variable = "name" })
            .Node("bye", "end", new { message = "Bye {{name}}" })
            .Chain("start", "wait", "ask", "bye").Build();
        var harness = new Harness(flows, new RuntimeServices { Time = clock });

        var delayed = await harness.StartAsync();
        Assert.Equal(TurnOutcome.Delayed, delayed.Outcome);
        Assert.Equal(clock.Now.AddSeconds(30), delayed.ResumeAt);
        Assert.Equal(MessageKinds.Typing, delayed.Messages.Single().Kind);

        clock.Now = clock.Now.AddSeconds(10);
        Assert.Equal(TurnOutcome.Ignored, (await harness.SendAsync(InboundEvent.Timer())).Outcome);
        Assert.Equal(TurnOutcome.Ignored, (await harness.SayAsync("Ada")).Outcome);

        clock.Now = clock.Now.AddSeconds(20);
        var resumed = await harness.SendAsync(InboundEvent.Timer());
        Assert.Equal(["Name?", "Bye Ada"], harness.Texts);
        Assert.Equal(TurnOutcome.Ended, resumed.Outcome);
    }

    [Fact]
    public async Task Intent_router_follows_the_matching_route_case_insensitively_else_fallback()
    {
        FlowSet Flows() => new FlowBuilder().Node("start", "start")
            .Node("route", "intent_router", new { routes = new object[] { new { id = "r1", intent = "billing" }, new { id = "r2", intent = "tech" } } })
            .Node("b", "end", new { message = "billing" }).Node("t", "end", new { message = "tech" }).Node("f", "end", new { message = "fallback" })
            .Chain("start", "route").Edge("route", "r1", "b").Edge("route", "r2", "t").Edge("route", "fallback", "f").Build();
        foreach (var (intent, expected) in new[] { ("TECH", "tech"), ("billing", "billing"), ("none", "fallback") })
        {
            var harness = new Harness(Flows());
            harness.State.Variables["detected_intent"] = intent;
            await harness.StartAsync();
            Assert.Equal([expected], harness.Texts);
        }
    }

    [Fact]
    public async Task Go_to_flow_enters_a_linked_flow_and_returns_to_the_caller_through_returned()
    {
        var flows = new FlowBuilder()
            .Node("start", "start").Node("go", "go_to_flow", new { linkedFlow = "billing" }).Node("back", "end", new { message = "back in primary" })
            .Chain("start", "go").Edge("go", "returned", "back")
            .Linked("billing", b => b.Node("start", "start")
                .Node("ask", "collect_input", new { prompt = "Invoice number?", inputType = "number", variable = "invoice" })
                .Node("ret", "end", new { message = "Invoice {{invoice}} noted", returnToCaller = true })
                .Chain("start", "ask", "ret"))
            .Build();
        var harness = new Harness(flows);

        await harness.StartAsync();
        Assert.Equal(["Invoice number?"], harness.Texts);
        Assert.Equal("linked:billing", harness.State.FlowId);
        Assert.Equal([new CallFrame("primary", "go")], harness.State.CallStack);

        var result = await harness.SayAsync("77");
        Assert.Equal(["Invoice 77 noted", "back in primary"], harness.Texts);
        Assert.Equal("ask:next > ret:return > back:end:completed", harness.Path);
        Assert.Empty(result.State.CallStack);
    }

    [Fact]
    public async Task Calls_nest_into_a_reusable_flow_and_an_end_without_return_ends_the_conversation()
    {
        var reusable = Guid.NewGuid();
        var flows = new FlowBuilder()
            .Node("start", "start").Node("go", "go_to_flow", new { linkedFlow = "outer" }).Node("back", "end", new { message = "never" })
            .Chain("start", "go").Edge("go", "returned", "back")
            .Linked("outer", b => b.Node("start", "start").Node("go2", "go_to_flow", new { flowId = reusable }).Node("after", "end", new { message = "outer returned", returnToCaller = false })
                .Chain("start", "go2").Edge("go2", "returned", "after"))
            .Reusable(reusable, b => b.Node("start", "start").Node("ret", "end", new { message = "in reusable", returnToCaller = true }).Chain("start", "ret"))
            .Build();
        var harness = new Harness(flows);
        var result = await harness.StartAsync();
        Assert.Equal(["in reusable", "outer returned"], harness.Texts);
        Assert.Equal(TurnOutcome.Ended, result.Outcome);
        Assert.Empty(result.State.CallStack);
    }

    [Fact]
    public async Task End_sends_its_message_records_its_reason_and_the_next_message_restarts_the_primary_flow()
    {
        var flows = new FlowBuilder().Node("start", "start").Node("hi", "send_message", Say("Welcome"))
            .Node("end", "end", new { message = "Bye", reason = "resolved" }).Chain("start", "hi", "end").Build();
        var harness = new Harness(flows);
        var first = await harness.StartAsync();
        Assert.Equal(["Welcome", "Bye"], harness.Texts);
        Assert.Equal((ConversationStatus.Ended, "resolved"), (first.State.Status, first.State.EndReason));
        await harness.SayAsync("hello again");
        Assert.Equal(["Welcome", "Bye"], harness.Texts);
        Assert.Equal("\"hello again\"", harness.Var("last_user_message"));
    }

    [Fact]
    public async Task Go_to_a_flow_the_set_does_not_have_ends_with_a_traced_error()
    {
        var flows = new FlowBuilder().Node("start", "start").Node("go", "go_to_flow", new { linkedFlow = "ghost" }).Chain("start", "go").Build();
        var harness = new Harness(flows);
        var result = await harness.StartAsync();
        Assert.Equal("The flow 'linked:ghost' does not exist or has no start node.", result.Trace[^1].Error);
        Assert.Equal("error", result.State.EndReason);
    }

    [Fact]
    public async Task A_disabled_end_still_ends_the_flow()
    {
        var flows = new FlowBuilder().Node("start", "start").Node("end", "end", new { message = "bye" }, enabled: false)
            .Node("never", "send_message", Say("never")).Chain("start", "end").Build();
        var harness = new Harness(flows);
        await harness.StartAsync();
        Assert.Equal(["bye"], harness.Texts);
        Assert.Equal(ConversationStatus.Ended, harness.State.Status);
    }
}
