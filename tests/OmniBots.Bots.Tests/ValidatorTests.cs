using System.Net;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Bots.Tests.Flows;

namespace OmniBots.Bots.Tests;

/// <summary>FLOW-1: every problem code of the validator, through POST .../versions/{n}/validate on a saved draft.</summary>
public sealed class ValidatorTests(ValidatorTests.Fixture fixture) : IClassFixture<ValidatorTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static readonly object Hello = Node("hello", "send_message", new { messages = new[] { new { text = "Hi" } } });

    private static object Around(object middle, params object[] edges)
        => Content(Graph([Node("start", "start"), middle, Node("end", "end")], [Edge("start", "next", "hello"), .. edges]));

    /// <summary>A draft that has exactly the problem <paramref name="code"/> (plus what it implies), and where it must be reported.</summary>
    private static (object Content, string? Node, string? Edge, string? Setting) Case(string code) => code switch
    {
        "unknown_node_type" => (Around(Node("hello", "teleport"), Edge("hello", "next", "end")), "hello", null, null),
        "invalid_node" => (Content(Graph([Node("start", "start"), new { type = "end" }], [])), null, null, null),
        "duplicate_node_id" => (Content(Graph([Node("start", "start"), Hello, Hello, Node("end", "end")], [Edge("start", "next", "hello"), Edge("hello", "next", "end")])), "hello", null, null),
        "missing_setting" => (Around(Node("hello", "send_message", new { }), Edge("hello", "next", "end")), "hello", null, "messages"),
        "invalid_setting" => (Around(Node("hello", "send_message", new { messages = new[] { new { text = "1" }, new { text = "2" }, new { text = "3" }, new { text = "4" } } }),
            Edge("hello", "next", "end")), "hello", null, "messages"),
        "invalid_edge" => (Around(Hello, Edge("hello", "next", "end"), new { id = "e9", source = "hello", target = "end" }), "hello", "e9", null),
        "dangling_edge" => (Around(Hello, Edge("hello", "next", "ghost", "to-ghost")), "hello", "to-ghost", null),
        "duplicate_edge" => (Around(Hello, Edge("hello", "next", "end", "a"), Edge("hello", "next", "end", "b")), "hello", "b", null),
        "unknown_output" => (Around(Hello, Edge("hello", "yes", "end", "bad")), "hello", "bad", null),
        "output_has_multiple_targets" => (Content(Graph([Node("start", "start"), Hello, Node("end", "end"), Node("end2", "end")],
            [Edge("start", "next", "hello"), Edge("hello", "next", "end"), Edge("hello", "next", "end2", "second")])), "hello", "second", null),
        "no_entry_node" => (Content(Graph([Hello, Node("end", "end")], [Edge("hello", "next", "end")])), null, null, null),
        "multiple_entry_nodes" => (Content(Graph([Node("start", "start"), Node("start2", "start"), Hello, Node("end", "end")],
            [Edge("start", "next", "hello"), Edge("start2", "next", "hello"), Edge("hello", "next", "end")])), "start2", null, null),
        "unreachable_node" => (Content(Graph([Node("start", "start"), Hello, Node("end", "end"), Node("orphan", "end")],
            [Edge("start", "next", "hello"), Edge("hello", "next", "end")])), "orphan", null, null),
        "output_without_target" => (Around(Node("hello", "condition", new { rules = new[] { new { id = "vip", left = "{{tier}}", @operator = "eq", value = "gold" } } }),
            Edge("hello", "default", "end")), "hello", null, null),
        "unknown_flow_target" => (Around(Node("hello", "go_to_flow", new { linkedFlow = "billing" }), Edge("hello", "returned", "end")), "hello", null, "linkedFlow"),
        "unknown_prompt" => (Around(Node("hello", "llm_response", new { prompt = new { key = "nope", version = "latest" } }), Edge("hello", "next", "end")),
            "hello", null, "prompt"),
        "template_syntax" => (Around(Node("hello", "send_message", new { messages = new[] { new { text = "Hi {{user.name" } } }), Edge("hello", "next", "end")),
            "hello", null, "messages[0].text"),
        "invalid_regex" => (Around(Node("hello", "collect_input", new { prompt = "Code?", inputType = "text", variable = "code", regex = "([a-z" }),
            Edge("hello", "next", "end")), "hello", null, "regex"),
        "invalid_linked_flow" => (Content(Graph([Node("start", "start"), Hello, Node("end", "end")], [Edge("start", "next", "hello"), Edge("hello", "next", "end")]),
            Linked("billing", [Node("start", "start")], []), Linked("billing", [Node("start", "start")], [])), null, null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    [Theory]
    [InlineData("unknown_node_type")]
    [InlineData("invalid_node")]
    [InlineData("duplicate_node_id")]
    [InlineData("missing_setting")]
    [InlineData("invalid_setting")]
    [InlineData("invalid_edge")]
    [InlineData("dangling_edge")]
    [InlineData("duplicate_edge")]
    [InlineData("unknown_output")]
    [InlineData("output_has_multiple_targets")]
    [InlineData("no_entry_node")]
    [InlineData("multiple_entry_nodes")]
    [InlineData("unreachable_node")]
    [InlineData("output_without_target")]
    [InlineData("unknown_flow_target")]
    [InlineData("unknown_prompt")]
    [InlineData("template_syntax")]
    [InlineData("invalid_regex")]
    [InlineData("invalid_linked_flow")]
    public async Task Validate_ReportsTheProblem_WithItsNodeEdgeAndSetting(string code)
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        var (content, node, edge, setting) = Case(code);
        await api.SaveDraftAsync(bot, 1, content);

        var result = await api.ValidateAsync(bot, 1);
        Assert.False(result.GetProperty("valid").GetBoolean());
        var problems = BotsClient.Problems(result);
        Assert.True(problems.Any(p => p.Code == code && p.Node == node && (edge is null || p.Edge == edge) && (setting is null || p.Setting == setting)),
            $"{code} at {node}/{edge}/{setting} not in: {string.Join("; ", problems)}");
    }

    [Fact]
    public async Task ComplexValidFlow_HasNoProblems_AndPublishes()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.JsonAsync(HttpMethod.Post, "/api/v1/prompts", new { key = "support.tone", name = "Tone", text = "You help {{user.name}}." }, HttpStatusCode.Created);
        var reusable = (await api.JsonAsync(HttpMethod.Post, "/api/v1/flows", new { name = "Survey" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await api.SaveDraftAsync(bot, 1, ComplexFlows.Valid(reusable));

        var result = await api.ValidateAsync(bot, 1);
        Assert.True(result.GetProperty("valid").GetBoolean(), string.Join("; ", BotsClient.Problems(result)));
        var published = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", new { label = "Full" });
        Assert.Equal("published", published.GetProperty("version").GetProperty("status").GetString());
        // The reusable flow is now in use by the published version.
        await api.ProblemAsync(HttpMethod.Delete, $"/api/v1/flows/{reusable}", null, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DisabledNodes_AreNotCheckedForSettings_ButStillForStructure()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Around(Node("hello", "send_message", new { }, enabled: false), Edge("hello", "next", "end"), Edge("hello", "nope", "end", "x")));

        var problems = BotsClient.Problems(await api.ValidateAsync(bot, 1));
        Assert.Equal([("unknown_output", "hello")], problems.Select(p => (p.Code, p.Node)));
    }

    [Fact]
    public async Task SettingsOfTheWrongShape_AreReportedAsProblems()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Content(Graph(
            [
                Node("start", "start"), new { id = "hello", type = "condition", settings = "oops" }, new { id = "route", type = "intent_router", settings = (object?)null },
                Node("ask", "collect_input", new { prompt = 5, inputType = "choice", variable = "1bad", maxRetries = 2.5 }), Node("end", "end"),
            ],
            [Edge("start", "next", "hello"), Edge("hello", "default", "route"), Edge("route", "fallback", "ask"), Edge("ask", "next", "end")])));

        var problems = BotsClient.Problems(await api.ValidateAsync(bot, 1));
        Assert.Contains(problems, p => p is { Code: "invalid_setting", Node: "hello", Setting: "settings" });
        Assert.Contains(problems, p => p is { Code: "missing_setting", Node: "route", Setting: "routes" });
        Assert.Equal(["choices", "maxRetries", "prompt", "variable"],
            problems.Where(p => p.Node == "ask").Select(p => p.Setting!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RichContent_IsCheckedAgainstTheFieldsOfItsContentType()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Content(Graph(
            [
                Node("start", "start"),
                Node("map", "rich_content", new { contentType = "location", content = new { latitude = 200, longitude = 4.35 } }),
                Node("cards", "rich_content", new
                {
                    contentType = "carousel",
                    content = new { cards = new object[] { new { subtitle = "no title", buttons = new[] { new { label = "Go", action = "teleport", value = "x" } } } } },
                }),
                Node("odd", "rich_content", new { contentType = "hologram", content = new { } }),
            ],
            [Edge("start", "next", "map"), Edge("map", "next", "cards"), Edge("cards", "next", "odd")])));

        var problems = BotsClient.Problems(await api.ValidateAsync(bot, 1)).Select(p => (p.Code, p.Node, p.Setting)).ToList();
        Assert.Contains(("invalid_setting", "map", "content.latitude"), problems);
        Assert.Contains(("missing_setting", "cards", "content.cards[0].title"), problems);
        Assert.Contains(("invalid_setting", "cards", "content.cards[0].buttons[0].action"), problems);
        Assert.Contains(("invalid_setting", "odd", "contentType"), problems);
        Assert.Equal(4, problems.Count);
    }
}
