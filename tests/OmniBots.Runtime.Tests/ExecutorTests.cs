using System.Text.Json;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

public sealed class ExecutorTests
{
    /// <summary>The benchmark's flow: Start → Send Message → Collect Input → Condition → Send Message → back to Collect Input.</summary>
    internal static FlowSet OrderFlow() => new FlowBuilder()
        .Node("start", "start")
        .Node("hello", "send_message", new { messages = new object[] { new { text = "Hi {{user.name}}!" } } })
        .Node("ask", "collect_input", new { prompt = "How many items?", inputType = "number", variable = "order.count", maxRetries = 1 })
        .Node("check", "condition", new { rules = new object[] { new { id = "many", left = "{{order.count}}", @operator = "gt", value = "10" } } })
        .Node("bulk", "send_message", new { messages = new object[] { new { text = "{{order.count}} is a bulk order." } } })
        .Node("small", "send_message", new { messages = new object[] { new { text = "{{order.count}} noted." } } })
        .Chain("start", "hello", "ask", "check").Edge("check", "many", "bulk").Edge("check", "default", "small")
        .Edge("bulk", "next", "ask").Edge("small", "next", "ask")
        .Build();

    [Fact]
    public async Task The_same_flows_state_and_event_give_the_same_messages_state_and_path()
    {
        var flows = OrderFlow();
        var executor = new FlowExecutor(new RuntimeServices());
        var state = (await executor.RunTurnAsync(flows, new ConversationState(), InboundEvent.Start())).State;

        var first = await executor.RunTurnAsync(flows, state, InboundEvent.UserText("12"));
        var second = await executor.RunTurnAsync(flows, state, InboundEvent.UserText("12"));

        Assert.Equal(JsonSerializer.Serialize(first.Messages), JsonSerializer.Serialize(second.Messages));
        Assert.Equal(first.State.ToJson(), second.State.ToJson());
        Assert.Equal(first.Trace.Select(t => (t.NodeId, t.Outcome)), second.Trace.Select(t => (t.NodeId, t.Outcome)));
        Assert.Equal(["12 is a bulk order.", "How many items?"], first.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task The_input_state_is_never_mutated()
    {
        var flows = OrderFlow();
        var executor = new FlowExecutor(new RuntimeServices());
        var state = (await executor.RunTurnAsync(flows, new ConversationState(), InboundEvent.Start())).State;
        var before = state.ToJson();
        await executor.RunTurnAsync(flows, state, InboundEvent.UserText("3"));
        Assert.Equal(before, state.ToJson());
    }

    [Fact]
    public async Task A_conversation_resumes_across_turns_from_its_serialised_state()
    {
        var flows = OrderFlow();
        var executor = new FlowExecutor(new RuntimeServices());
        var state = new ConversationState { Variables = { ["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "Ada" } } };
        var texts = new List<string?>();
        foreach (var inbound in new[] { InboundEvent.Start(), InboundEvent.UserText("3"), InboundEvent.UserText("many"), InboundEvent.UserText("40") })
        {
            var result = await executor.RunTurnAsync(flows, state, inbound);
            texts.AddRange(result.Messages.Select(m => m.Text));
            var json = result.State.ToJson();
            state = ConversationState.FromJson(json); // what the runtime will store and load
            Assert.Equal(json, state.ToJson());
        }
        Assert.Equal(
            ["Hi Ada!", "How many items?", "3 noted.", "How many items?", "Sorry, that doesn't look right. Please try again.", "How many items?",
             "40 is a bulk order.", "How many items?"],
            texts);
        Assert.Equal((ConversationStatus.Waiting, "primary", "ask", 4L), (state.Status, state.FlowId, state.NodeId, state.Turns));
        Assert.Equal(WaitKinds.Input, state.Waiting!.Kind);
    }

    [Fact]
    public async Task The_step_budget_stops_a_loop_without_a_waiting_node_with_a_traced_error_and_the_fallback_message()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("a", "set_variable", new { assignments = new object[] { new { variable = "x", value = "1" } } })
            .Node("b", "condition", new { rules = new object[] { new { id = "never", left = "1", @operator = "eq", value = "2" } } })
            .Chain("start", "a", "b").Edge("b", "default", "a").Edge("b", "never", "a").Build();
        var harness = new Harness(flows, options: new ExecutorOptions { StepBudget = 25, FallbackMessage = "Oops." });

        var result = await harness.StartAsync();

        Assert.True(result.BudgetExceeded);
        Assert.Equal(26, result.Trace.Count);
        Assert.Contains("step budget (25 nodes per turn)", result.Trace[^1].Error, StringComparison.Ordinal);
        Assert.Equal(["Oops."], harness.Texts);
        Assert.Equal(("ended", "step_budget"), (result.State.Status, result.State.EndReason));
    }

    [Fact]
    public async Task Every_step_is_traced_with_node_type_outcome_and_duration()
    {
        var harness = new Harness(OrderFlow());
        var result = await harness.StartAsync();
        Assert.Equal([(1, "start", "start", "next"), (2, "hello", "send_message", "next"), (3, "ask", "collect_input", "waiting:input")],
            result.Trace.Select(t => (t.Step, t.NodeId, t.NodeType, t.Outcome)));
        Assert.All(result.Trace, t => Assert.True(t.DurationMs >= 0));
        Assert.Contains("unknown variable {{user.name}} rendered empty", result.Trace[1].Notes!);
        Assert.Equal("Hi !", result.Messages[0].Text);
    }

    [Fact]
    public async Task An_unknown_node_type_ends_the_flow_with_a_traced_error()
    {
        var flows = new FlowBuilder().Node("start", "start").Node("x", "teleport").Chain("start", "x").Build();
        var harness = new Harness(flows);
        var result = await harness.StartAsync();
        Assert.Equal("Unknown node type 'teleport'.", result.Trace[^1].Error);
        Assert.Equal(("ended", "error"), (result.State.Status, result.State.EndReason));
        Assert.Equal([new ExecutorOptions().FallbackMessage], harness.Texts);
    }

    [Fact]
    public async Task A_start_event_restarts_a_waiting_conversation_and_keeps_its_variables()
    {
        var harness = new Harness(OrderFlow());
        await harness.StartAsync();
        await harness.SayAsync("5");
        await harness.StartAsync();
        Assert.Equal(["Hi !", "How many items?"], harness.Texts);
        Assert.Equal("5", harness.State.Variables["order"]!["count"]!.ToJsonString());
    }
}
