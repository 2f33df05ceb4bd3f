using System.Text.Json.Nodes;
using OmniBots.Gateway.Contracts;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

public sealed class AiNodeTests
{
    private static FlowBuilder LlmFlow(object settings) => new FlowBuilder().Node("start", "start")
        .Node("llm", "llm_response", settings, outputVariable: "reply")
        .Node("after", "end", new { message = "stored: {{reply}}" })
        .Node("err", "end", new { message = "error: {{error.message}}" })
        .Chain("start", "llm", "after").Edge("llm", "error", "err");

    [Fact]
    public async Task Llm_response_calls_the_gateway_with_the_node_settings_history_and_user_message()
    {
        var gateway = new FakeLlmGateway(r => new ChatResponse { Text = $"echo {r.Messages[^1].Content}", FinishReason = FinishReason.Stop });
        var flows = LlmFlow(new { model = "gpt-x", systemPrompt = "You help {{user.name}}.", temperature = 0.2, maxTokens = 300, historyMessages = 1 }).Build();
        var turn = new TurnContext { History = [ChatMessage.User("old question"), ChatMessage.Assistant("old answer")] };
        var harness = new Harness(flows, new RuntimeServices { Llm = gateway }, turn: turn);
        harness.State.Variables["user"] = new JsonObject { ["name"] = "Ada" };

        await harness.SayAsync("what is up");

        var (request, call) = Assert.Single(gateway.Calls);
        Assert.Equal(("gpt-x", 0.2, 300), (request.Model, request.Temperature, request.MaxTokens));
        Assert.Equal("runtime.llm-node", call.Feature);
        Assert.Equal([(ChatRole.System, "You help Ada."), (ChatRole.Assistant, "old answer"), (ChatRole.User, "what is up")],
            request.Messages.Select(m => (m.Role, m.Content)));
        Assert.Equal(["echo what is up", "stored: echo what is up"], harness.Texts);
    }

    [Fact]
    public async Task Llm_response_uses_the_bot_default_model_and_a_managed_prompt()
    {
        var gateway = new FakeLlmGateway(_ => new ChatResponse { Text = "ok" });
        var flows = LlmFlow(new { prompt = new { key = "support", version = 2 }, sendToUser = false }).Prompt("support", "2", "Managed for {{user.name}}").Build();
        var harness = new Harness(flows, new RuntimeServices { Llm = gateway }, turn: new TurnContext { DefaultModel = "bot-default" });
        harness.State.Variables["user"] = new JsonObject { ["name"] = "Bo" };
        await harness.SayAsync("hi");
        Assert.Equal("bot-default", gateway.Calls[0].Request.Model);
        Assert.Equal("Managed for Bo", gateway.Calls[0].Request.Messages[0].Content);
        Assert.Equal(["stored: ok"], harness.Texts);
    }

    [Fact]
    public async Task Llm_response_runs_the_models_tool_calls_through_the_tool_seam_then_answers()
    {
        var tools = new FakeTools();
        tools.Tools["order_status"] = args => ToolExecution.Ok(new JsonObject { ["status"] = "shipped", ["id"] = args["id"]?.DeepClone() });
        var gateway = new FakeLlmGateway(r => r.Messages[^1].Role == ChatRole.Tool
            ? new ChatResponse { Text = "Your order is " + JsonNode.Parse(r.Messages[^1].Content!)!["status"], FinishReason = FinishReason.Stop }
            : new ChatResponse { ToolCalls = [new ToolCall("c1", "order_status", """{"id":"A7"}""")], FinishReason = FinishReason.ToolCalls });
        var flows = LlmFlow(new { systemPrompt = "s", tools = new[] { "order_status" } }).Build();
        var harness = new Harness(flows, new RuntimeServices { Llm = gateway, Tools = tools });

        await harness.SayAsync("where is my order");

        Assert.Equal("order_status", Assert.Single(gateway.Calls[0].Request.Tools).Name);
        Assert.Equal([("order_status", """{"id":"A7"}""")], tools.Calls);
        Assert.Equal(2, gateway.Calls.Count);
        Assert.Equal("Your order is shipped", harness.Texts[0]);
    }

    [Fact]
    public async Task Llm_tool_rounds_are_limited_then_the_model_must_answer()
    {
        var tools = new FakeTools();
        tools.Tools["loop"] = _ => ToolExecution.Ok(JsonValue.Create(1));
        var gateway = new FakeLlmGateway(r => r.ToolChoice?.Kind == ToolChoiceKind.None
            ? new ChatResponse { Text = "final" }
            : new ChatResponse { ToolCalls = [new ToolCall("c", "loop", "{}")] });
        var flows = LlmFlow(new { systemPrompt = "s", tools = new[] { "loop" } }).Build();
        var harness = new Harness(flows, new RuntimeServices { Llm = gateway, Tools = tools }, new ExecutorOptions { MaxToolRounds = 2 });
        var result = await harness.SayAsync("go");
        Assert.Equal(4, gateway.Calls.Count); // first call, 2 tool rounds, the forced answer
        Assert.Equal(2, tools.Calls.Count);
        Assert.Equal("final", harness.Texts[0]);
        Assert.Contains(result.Trace.Single(t => t.NodeId == "llm").Notes!, n => n.Contains("tool rounds limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Llm_gateway_failure_follows_error_with_the_message()
    {
        var gateway = new FakeLlmGateway(_ => throw new LlmProviderException(LlmErrorKind.BudgetExceeded, "budget spent"));
        var harness = new Harness(LlmFlow(new { systemPrompt = "s" }).Build(), new RuntimeServices { Llm = gateway });
        var result = await harness.SayAsync("hi");
        Assert.Equal(["error: The LLM call failed (BudgetExceeded): budget spent"], harness.Texts);
        Assert.Equal("error", result.Trace.Single(t => t.NodeId == "llm").Outcome);
    }

    [Fact]
    public async Task Intent_classification_stores_the_intent_and_confidence_or_none_below_the_threshold()
    {
        var classifier = new FakeIntentClassifier();
        FlowSet Flows(double min) => new FlowBuilder().Node("start", "start")
            .Node("classify", "intent_classification", new
            {
                minConfidence = min,
                intents = new object[] { new { name = "billing", examples = new[] { "invoice" } }, new { name = "tech", examples = new[] { "bug" } } },
            })
            .Node("route", "intent_router", new { routes = new object[] { new { id = "b", intent = "billing" } } })
            .Node("b", "end", new { message = "billing {{detected_intent_confidence}}" }).Node("f", "end", new { message = "fallback {{detected_intent}}" })
            .Chain("start", "classify", "route").Edge("route", "b", "b").Edge("route", "fallback", "f").Build();

        var harness = new Harness(Flows(0.5), new RuntimeServices { Intents = classifier });
        await harness.SayAsync("my invoice is wrong");
        Assert.Equal(["billing 0.9"], harness.Texts);
        Assert.Equal(["billing", "tech"], classifier.Requests[0].Labels.Select(l => l.Name));

        var strict = new Harness(Flows(0.95), new RuntimeServices { Intents = classifier });
        await strict.SayAsync("my invoice is wrong");
        Assert.Equal(["fallback none"], strict.Texts);
    }

    [Fact]
    public async Task Kb_search_answers_with_sources_or_follows_no_results()
    {
        var kb = Guid.NewGuid();
        var knowledge = new FakeKnowledgeSearch();
        knowledge.Bases[kb] = [("Refunds", "Refunds take 5 days.", 0.8), ("Shipping", "Shipping is free.", 0.6)];
        var flows = new FlowBuilder().Node("start", "start")
            .Node("kb", "kb_search", new { topK = 3, minScore = 0.5 })
            .Node("after", "end", new { message = "from {{kb_sources[0].title}}" }).Node("none", "end", new { message = "no idea" })
            .Chain("start", "kb").Edge("kb", "answered", "after").Edge("kb", "no_results", "none").Build();
        var services = new RuntimeServices { Knowledge = knowledge };
        var turn = new TurnContext { KnowledgeBaseIds = [kb] };

        var harness = new Harness(flows, services, turn: turn);
        var result = await harness.SayAsync("refunds please");
        Assert.Equal(["Refunds take 5 days. [1]", "from Refunds"], harness.Texts);
        Assert.Equal("Refunds", Assert.Single(result.Messages[0].Sources!).Title);
        Assert.Equal("\"Refunds take 5 days. [1]\"", harness.Var("kb_answer"));

        var miss = new Harness(flows, services, turn: turn);
        await miss.SayAsync("weather");
        Assert.Equal(["no idea"], miss.Texts);
    }

    [Fact]
    public async Task Rag_query_stores_raw_passages_from_the_variable_chosen_knowledge_base()
    {
        var chosen = Guid.NewGuid();
        var knowledge = new FakeKnowledgeSearch();
        knowledge.Bases[chosen] = [("A", "alpha beta", 0.9), ("B", "beta gamma", 0.4), ("C", "beta delta", 0.7)];
        var flows = new FlowBuilder().Node("start", "start")
            .Node("rag", "rag_query", new { knowledgeBaseVariable = "kb.id", knowledgeBaseIds = new[] { Guid.NewGuid() }, topK = 2, minScore = 0.5 })
            .Node("after", "end", new { message = "{{rag_chunks[0].title}},{{rag_chunks[1].title}}" })
            .Chain("start", "rag", "after").Build();
        var harness = new Harness(flows, new RuntimeServices { Knowledge = knowledge });
        harness.State.Variables["kb"] = new JsonObject { ["id"] = chosen.ToString() };
        await harness.SayAsync("beta");
        Assert.Equal(["A,C"], harness.Texts);
        Assert.Equal(chosen, knowledge.Calls.Single().Selector.Id);
        Assert.Equal(2, harness.State.Variables["rag_chunks"]!.AsArray().Count);
    }
}
