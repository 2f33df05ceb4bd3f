using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

public sealed class ConversationNodeTests
{
    [Fact]
    public async Task Send_message_renders_up_to_three_messages_with_quick_replies_on_the_last_and_media_after()
    {
        var flows = new FlowBuilder()
            .Node("start", "start")
            .Node("hi", "send_message", new
            {
                messages = new object[] { new { text = "Hello {{user.name}}" }, new { text = "Order {{order.lines[1].sku}}" }, new { text = "Third" } },
                typingDelayMs = 300,
                quickReplies = new object[] { new { label = "Yes" }, new { label = "No", value = "no_thanks" } },
                media = new object[] { new { kind = "image", url = "https://cdn.example.com/{{order.id}}.png", name = "receipt" } },
            })
            .Chain("start", "hi").Build();
        var harness = new Harness(flows);
        harness.State.Variables["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "Ada" };
        harness.State.Variables["order"] = System.Text.Json.Nodes.JsonNode.Parse("""{"id":"A7","lines":[{"sku":"x"},{"sku":"y"}]}""");

        var result = await harness.StartAsync();

        Assert.Equal(["Hello Ada", "Order y", "Third", null], harness.Texts);
        Assert.All(result.Messages.Take(3), m => Assert.Equal(300, m.TypingDelayMs));
        Assert.Null(result.Messages[0].QuickReplies);
        Assert.Equal([new QuickReply("Yes", "Yes"), new QuickReply("No", "no_thanks")], result.Messages[2].QuickReplies);
        Assert.Equal(("image", "https://cdn.example.com/A7.png", "receipt"), (result.Messages[3].MediaKind, result.Messages[3].Url, result.Messages[3].Name));
        Assert.Equal(TurnOutcome.Ended, result.Outcome);
        Assert.Equal("completed", result.State.EndReason);
    }

    [Fact]
    public async Task Send_message_picks_the_session_language_variant_then_its_base_language()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("hi", "send_message", new { messages = new object[] { new { text = "Hello", textByLanguage = new Dictionary<string, string> { ["pt"] = "Olá" } } } })
            .Chain("start", "hi").Build();
        var harness = new Harness(flows);
        harness.State.Language = "pt-BR";
        await harness.StartAsync();
        Assert.Equal(["Olá"], harness.Texts);
    }

    [Fact]
    public async Task Quick_replies_wait_then_follow_the_option_picked_by_label_or_value()
    {
        var flows = QuickRepliesFlow(allowFreeText: false);
        var harness = new Harness(flows);

        var asked = await harness.StartAsync();
        Assert.Equal(TurnOutcome.WaitingForInput, asked.Outcome);
        Assert.Equal(["Sales", "Support", "Other"], asked.Messages[0].QuickReplies!.Select(q => q.Label));

        await harness.SayAsync("SUPPORT");
        Assert.Equal(["support team"], harness.Texts);
        Assert.Equal("\"Support\"", harness.Var("topic"));

        var again = new Harness(flows);
        await again.StartAsync();
        await again.SendAsync(InboundEvent.ButtonTap("sales_v"));
        Assert.Equal(["sales team"], again.Texts);
        Assert.Equal("\"sales_v\"", again.Var("topic"));
    }

    [Fact]
    public async Task Quick_replies_option_without_edge_follows_default_and_unmatched_text_asks_again_unless_free_text_is_allowed()
    {
        var strict = new Harness(QuickRepliesFlow(allowFreeText: false));
        await strict.StartAsync();
        await strict.SayAsync("Other");
        Assert.Equal(["anything else"], strict.Texts);

        var strictAgain = new Harness(QuickRepliesFlow(allowFreeText: false));
        await strictAgain.StartAsync();
        var reasked = await strictAgain.SayAsync("pizza");
        Assert.Equal(TurnOutcome.WaitingForInput, reasked.Outcome);
        Assert.Equal(["Which team?"], strictAgain.Texts);

        var free = new Harness(QuickRepliesFlow(allowFreeText: true));
        await free.StartAsync();
        await free.SayAsync("pizza");
        Assert.Equal(["anything else"], free.Texts);
        Assert.Equal("\"pizza\"", free.Var("topic"));
    }

    [Fact]
    public async Task Rich_content_renders_every_string_of_its_payload_and_keeps_numbers()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("card", "rich_content", new
            {
                contentType = "card",
                content = new { title = "Order {{order}}", subtitle = "static", buttons = new object[] { new { label = "Track {{order}}", action = "postback", value = "track" } } },
            })
            .Node("loc", "rich_content", new { contentType = "location", content = new { latitude = 48.85, longitude = 2.35, label = "{{missing}}" } })
            .Chain("start", "card", "loc").Build();
        var harness = new Harness(flows);
        harness.State.Variables["order"] = "A7";

        var result = await harness.StartAsync();

        Assert.Equal("card", result.Messages[0].ContentType);
        Assert.Equal("""{"title":"Order A7","subtitle":"static","buttons":[{"label":"Track A7","action":"postback","value":"track"}]}""",
            result.Messages[0].Content!.ToJsonString());
        Assert.Equal("""{"latitude":48.85,"longitude":2.35,"label":""}""", result.Messages[1].Content!.ToJsonString());
        Assert.Contains("unknown variable {{missing}} rendered empty", result.Trace.Single(t => t.NodeId == "loc").Notes!);
    }

    [Fact]
    public async Task A_disabled_node_is_skipped_through_its_pass_through_output_and_traced()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("a", "send_message", new { messages = new object[] { new { text = "skipped" } } }, enabled: false)
            .Node("b", "send_message", new { messages = new object[] { new { text = "shown" } } })
            .Chain("start", "a", "b").Build();
        var harness = new Harness(flows);
        var result = await harness.StartAsync();
        Assert.Equal(["shown"], harness.Texts);
        Assert.Contains("skipped (disabled)", result.Trace.Single(t => t.NodeId == "a").Notes!);
    }

    internal static FlowSet QuickRepliesFlow(bool allowFreeText) => new FlowBuilder()
        .Node("start", "start")
        .Node("ask", "quick_replies", new
        {
            prompt = "Which team?",
            options = new object[]
            {
                new { id = "sales", label = "Sales", value = "sales_v" },
                new { id = "support", label = "Support" },
                new { id = "other", label = "Other" },
            },
            allowFreeText,
            variable = "topic",
        })
        .Node("sales_msg", "send_message", new { messages = new object[] { new { text = "sales team" } } })
        .Node("support_msg", "send_message", new { messages = new object[] { new { text = "support team" } } })
        .Node("default_msg", "send_message", new { messages = new object[] { new { text = "anything else" } } })
        .Edge("start", "next", "ask").Edge("ask", "sales", "sales_msg").Edge("ask", "support", "support_msg").Edge("ask", "default", "default_msg")
        .Build();
}
