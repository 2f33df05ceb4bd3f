using System.Net;
using System.Text.Json;
using Xunit;

namespace OmniBots.Conversations.Tests.Simulator;

public sealed class SimulatorTests(SimulatorTests.Fixture fixture) : IClassFixture<SimulatorTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static string[] Texts(JsonElement messages) => [.. messages.EnumerateArray().Select(m => m.GetProperty("text").GetString() ?? "")];

    private static string[] Nodes(JsonElement turn) => [.. turn.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("nodeId").GetString()!)];

    private static string Path(Guid bot, string rest = "") => $"/api/v1/bots/{bot}/simulator/sessions{rest}";

    [Fact]
    public async Task TheDraft_RunsWithItsTraceVariablesAndPosition_AndTheSessionReadsBack()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Flows.AskName());

        var started = await api.JsonAsync(HttpMethod.Post, Path(bot), new { variables = new Dictionary<string, string> { ["page"] = "pricing" } },
            HttpStatusCode.Created);
        var id = started.GetProperty("conversationId").GetGuid();
        Assert.Equal(["Hello! I am the support bot.", "What is your name?"], Texts(started.GetProperty("messages")));
        Assert.Equal(["start", "hello", "ask"], Nodes(started.GetProperty("turns")[0]));
        Assert.Equal("pricing", started.GetProperty("variables").GetProperty("page").GetString());
        var position = started.GetProperty("position");
        Assert.Equal(("waiting", "ask", "input"), (position.GetProperty("status").GetString(), position.GetProperty("nodeId").GetString(),
            position.GetProperty("waiting").GetString()));
        Assert.Equal(1, started.GetProperty("versionNumber").GetInt32());

        var sent = await api.JsonAsync(HttpMethod.Post, Path(bot, $"/{id}/messages"), new { text = "Ada" });
        Assert.Equal(["Thanks Ada!"], Texts(sent.GetProperty("messages")));
        Assert.Equal(3, sent.GetProperty("message").GetProperty("sequence").GetInt64());
        var turn = Assert.Single(sent.GetProperty("turns").EnumerateArray());
        Assert.Equal(["ask", "thanks", "end"], Nodes(turn));
        Assert.Equal("Ada", sent.GetProperty("variables").GetProperty("name").GetString());
        Assert.Equal("ended", sent.GetProperty("position").GetProperty("status").GetString());

        var session = await api.JsonAsync(HttpMethod.Get, Path(bot, $"/{id}"));
        Assert.Equal(4, session.GetProperty("messages").GetArrayLength());
        Assert.Equal(2, session.GetProperty("turns").GetArrayLength());
        Assert.Equal("active", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ADraftEdit_AppliesFromTheNextMessage()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Flows.AskName());
        var id = (await api.JsonAsync(HttpMethod.Post, Path(bot), new { }, HttpStatusCode.Created)).GetProperty("conversationId").GetGuid();

        await api.SaveDraftAsync(bot, 1, Flows.Content(
            [Flows.Node("start", "start"), Flows.Say("hello", "Hello! I am the support bot."),
                Flows.Node("ask", "collect_input", new { prompt = "What is your name?", inputType = "text", variable = "name" }),
                Flows.Say("thanks", "Welcome aboard, {{name}}."), Flows.Node("end", "end")],
            [Flows.Edge("start", "next", "hello"), Flows.Edge("hello", "next", "ask"), Flows.Edge("ask", "next", "thanks"), Flows.Edge("thanks", "next", "end")]));

        var sent = await api.JsonAsync(HttpMethod.Post, Path(bot, $"/{id}/messages"), new { text = "Grace" });
        Assert.Equal(["Welcome aboard, Grace."], Texts(sent.GetProperty("messages")));
    }

    [Fact]
    public async Task Reset_ClosesTheSession_AndStartsAgainWithFreshVariables()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Flows.AskName());
        var id = (await api.JsonAsync(HttpMethod.Post, Path(bot), new { }, HttpStatusCode.Created)).GetProperty("conversationId").GetGuid();
        await api.JsonAsync(HttpMethod.Post, Path(bot, $"/{id}/messages"), new { text = "Ada" });

        var reset = await api.JsonAsync(HttpMethod.Post, Path(bot, $"/{id}/reset"), new { }, HttpStatusCode.Created);
        var fresh = reset.GetProperty("conversationId").GetGuid();
        Assert.NotEqual(id, fresh);
        Assert.Equal(id, reset.GetProperty("previousConversationId").GetGuid());
        Assert.False(reset.GetProperty("variables").TryGetProperty("name", out _));
        Assert.Equal(["Hello! I am the support bot.", "What is your name?"], Texts(reset.GetProperty("messages")));
        Assert.Equal("closed", (await api.JsonAsync(HttpMethod.Get, Path(bot, $"/{id}"))).GetProperty("status").GetString());
        await api.ProblemAsync(HttpMethod.Post, Path(bot, $"/{id}/messages"), new { text = "again" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Problems_AreReportedAsProblemDetails()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        await api.ProblemAsync(HttpMethod.Post, Path(Guid.NewGuid()), new { }, HttpStatusCode.NotFound);

        var published = await api.PublishedBotAsync(Flows.AskName());
        var noDraft = await api.ProblemAsync(HttpMethod.Post, Path(published), new { }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no draft", noDraft.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        var broken = await api.CreateBotAsync();
        await api.SaveDraftAsync(broken, 1, Flows.Content([Flows.Say("hello", "Hi")], []));
        var invalid = await api.ProblemAsync(HttpMethod.Post, Path(broken), new { }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("start node", invalid.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Flows.AskName());
        var id = (await api.JsonAsync(HttpMethod.Post, Path(bot), new { }, HttpStatusCode.Created)).GetProperty("conversationId").GetGuid();
        var empty = await api.ProblemAsync(HttpMethod.Post, Path(bot, $"/{id}/messages"), new { text = " " }, HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
        await api.ProblemAsync(HttpMethod.Post, Path(bot, $"/{Guid.NewGuid()}/messages"), new { text = "hi" }, HttpStatusCode.NotFound);
        // A session is reached through its own bot only.
        await api.ProblemAsync(HttpMethod.Post, Path(broken, $"/{id}/messages"), new { text = "hi" }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnotherTenant_CannotSeeOrDriveTheSession()
    {
        var owner = await ConversationsClient.SignInAsync(fixture);
        var other = await ConversationsClient.SignInAsync(fixture);
        var bot = await owner.CreateBotAsync();
        await owner.SaveDraftAsync(bot, 1, Flows.AskName());
        var id = (await owner.JsonAsync(HttpMethod.Post, Path(bot), new { }, HttpStatusCode.Created)).GetProperty("conversationId").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, Path(bot, $"/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Post, Path(bot, $"/{id}/messages"), new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Post, Path(bot), new { })).StatusCode);
    }

    [Fact]
    public async Task AUserWithoutBotsWrite_IsRefused()
    {
        var admin = await ConversationsClient.SignInAsync(fixture);
        var bot = await admin.CreateBotAsync();
        await admin.SaveDraftAsync(bot, 1, Flows.AskName());
        var viewer = await ConversationsClient.SignInAsync(fixture, admin.Tenant, OmniBots.Identity.Contracts.SystemRoles.Viewer);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SendAsync(HttpMethod.Post, Path(bot), new { })).StatusCode);
    }

    [Fact]
    public async Task AButtonTap_FollowsItsOption_AndTheQuickRepliesAreInTheMessageBody()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Flows.Content(
            [Flows.Node("start", "start"),
                Flows.Node("menu", "quick_replies", new
                {
                    prompt = "Billing or tech?",
                    options = new object[] { new { id = "billing", label = "Billing", value = "bill" }, new { id = "tech", label = "Tech" } },
                }),
                Flows.Say("b", "Billing it is."), Flows.Say("t", "Tech it is."), Flows.Say("other", "Pick a button.")],
            [Flows.Edge("start", "next", "menu"), Flows.Edge("menu", "billing", "b"), Flows.Edge("menu", "tech", "t"), Flows.Edge("menu", "default", "other")]));

        var started = await api.JsonAsync(HttpMethod.Post, Path(bot), new { }, HttpStatusCode.Created);
        var buttons = started.GetProperty("messages")[0].GetProperty("body").GetProperty("quickReplies");
        Assert.Equal(["Billing", "Tech"], buttons.EnumerateArray().Select(b => b.GetProperty("label").GetString()!));
        var id = started.GetProperty("conversationId").GetGuid();

        var tapped = await api.JsonAsync(HttpMethod.Post, Path(bot, $"/{id}/messages"), new { text = "Billing", payload = "bill" });
        Assert.Equal(["Billing it is."], Texts(tapped.GetProperty("messages")));
        Assert.Equal("button", tapped.GetProperty("message").GetProperty("kind").GetString());
        Assert.Equal("bill", tapped.GetProperty("message").GetProperty("body").GetProperty("payload").GetString());
        Assert.Equal("bill", tapped.GetProperty("variables").GetProperty("quick_reply").GetString());
    }
}
