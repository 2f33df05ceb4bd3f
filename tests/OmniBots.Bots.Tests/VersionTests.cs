using System.Net;
using Npgsql;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Bots.Tests;

public sealed class VersionTests(VersionTests.Fixture fixture) : IClassFixture<VersionTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static string Status(System.Text.Json.JsonElement history, int number)
        => history.EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == number).GetProperty("status").GetString()!;

    [Fact]
    public async Task PublishNewDraftRollback_KeepOnePublishedVersion_AndRecordHistory()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Flows.Simple());
        var v1 = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", new { label = "Launch", releaseNotes = "First release" });
        Assert.Equal("published", v1.GetProperty("version").GetProperty("status").GetString());
        Assert.Equal("Launch", v1.GetProperty("version").GetProperty("label").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, v1.GetProperty("version").GetProperty("publishedBy").ValueKind);

        var draft = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions", new { }, HttpStatusCode.Created);
        Assert.Equal(2, draft.GetProperty("version").GetProperty("number").GetInt32());
        Assert.Equal(1, draft.GetProperty("version").GetProperty("basedOn").GetInt32());
        await api.ProblemAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions", new { }, HttpStatusCode.Conflict);
        await api.SaveDraftAsync(bot, 2, Flows.Simple(Flows.Node("hello", "send_message", new { messages = new[] { new { text = "v2" } } })));
        await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/2/publish", new { label = "Two" });

        var history = await api.JsonAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/versions");
        Assert.Equal(("archived", "published"), (Status(history, 1), Status(history, 2)));
        await api.ProblemAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/2/publish", new { }, HttpStatusCode.Conflict);
        await api.ProblemAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/2/rollback", new { }, HttpStatusCode.Conflict);
        await api.ProblemAsync(HttpMethod.Put, $"/api/v1/bots/{bot}/versions/1", Flows.Simple(), HttpStatusCode.Conflict, "\"r2\"");

        var rolledBack = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/rollback", new { releaseNotes = "v2 broke checkout" });
        Assert.Equal(3, rolledBack.GetProperty("version").GetProperty("number").GetInt32());
        Assert.Equal(1, rolledBack.GetProperty("version").GetProperty("basedOn").GetInt32());
        Assert.Equal("Rollback to version 1", rolledBack.GetProperty("version").GetProperty("label").GetString());
        Assert.Equal("Hi {{user.name}}", rolledBack.GetProperty("content").GetProperty("primaryFlow").GetProperty("nodes")[1]
            .GetProperty("settings").GetProperty("messages")[0].GetProperty("text").GetString());
        history = await api.JsonAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/versions");
        Assert.Equal(("archived", "archived", "published"), (Status(history, 1), Status(history, 2), Status(history, 3)));
        Assert.Equal(3, (await api.JsonAsync(HttpMethod.Get, $"/api/v1/bots/{bot}")).GetProperty("publishedVersion").GetInt32());
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM bots.versions WHERE bot_id = @b AND status = 'published'", ("b", bot)));

        var fromOne = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions", new { fromVersion = 1 }, HttpStatusCode.Created);
        Assert.Equal((4, 1), (fromOne.GetProperty("version").GetProperty("number").GetInt32(), fromOne.GetProperty("version").GetProperty("basedOn").GetInt32()));
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/v1/bots/{bot}/versions/4")).StatusCode);
        await api.ProblemAsync(HttpMethod.Delete, $"/api/v1/bots/{bot}/versions/3", null, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TwoConcurrentPublishes_ExactlyOneWins()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", new { label = "one" });
        await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions", new { }, HttpStatusCode.Created);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.SendAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/2/publish", new { })));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM bots.versions WHERE bot_id = @b AND status = 'published'", ("b", bot)));
    }

    [Fact]
    public async Task TheDatabaseRefusesASecondPublishedOrDraftVersion()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", new { });
        foreach (var status in Flows.Strings("published"))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => fixture.Database.ExecuteAsync(
                "INSERT INTO bots.versions (tenant_id, bot_id, number, status, content) VALUES (@t, @b, 9, @s, '{}')",
                ("t", api.Tenant.Id), ("b", bot), ("s", status)));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        }
        await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions", new { }, HttpStatusCode.Created);
        var draft = await Assert.ThrowsAsync<PostgresException>(() => fixture.Database.ExecuteAsync(
            "INSERT INTO bots.versions (tenant_id, bot_id, number, status, content) VALUES (@t, @b, 9, 'draft', '{}')", ("t", api.Tenant.Id), ("b", bot)));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, draft.SqlState);
    }

    [Fact]
    public async Task DraftSave_NeedsIfMatch_AndAStaleETagGets412()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        var get = await api.SendAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/versions/1");
        var etag = get.Headers.ETag!.ToString();
        Assert.Equal("\"r1\"", etag);

        await api.ProblemAsync(HttpMethod.Put, $"/api/v1/bots/{bot}/versions/1", Flows.Simple(), HttpStatusCode.PreconditionRequired);
        var first = await api.SendAsync(HttpMethod.Put, $"/api/v1/bots/{bot}/versions/1", Flows.Simple(), etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"r2\"", first.Headers.ETag!.ToString());
        var stale = await api.SendAsync(HttpMethod.Put, $"/api/v1/bots/{bot}/versions/1", Flows.Simple(), etag);
        await Api.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"r2\"", stale.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task SavingAnInvalidDraftWorks_ButPublishingItIsRefusedWithEveryProblem()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        var broken = Flows.Content(Flows.Graph(
            [Flows.Node("start", "start"), Flows.Node("ask", "collect_input", new { prompt = "Email?" }), Flows.Node("mystery", "teleport"), Flows.Node("lost", "end")],
            [Flows.Edge("start", "next", "ask"), Flows.Edge("ask", "next", "ghost")]));
        await api.SaveDraftAsync(bot, 1, broken);

        var problem = await api.ProblemAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", new { label = "x" }, HttpStatusCode.BadRequest);
        var codes = problem.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("code").GetString(), p.GetProperty("nodeId").GetString())).ToList();
        Assert.Contains(("missing_setting", "ask"), codes);      // inputType and variable
        Assert.Contains(("unknown_node_type", "mystery"), codes);
        Assert.Contains(("dangling_edge", "ask"), codes);
        Assert.Contains(("output_without_target", "ask"), codes);
        Assert.Contains(("unreachable_node", "lost"), codes);
        Assert.Contains(("unreachable_node", "mystery"), codes);
        Assert.True(codes.Count >= 7, string.Join(", ", codes));
        Assert.Contains(Api.ErrorFields(problem), f => f.StartsWith("primary/ask", StringComparison.Ordinal));
        var history = await api.JsonAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/versions");
        Assert.Equal("draft", Status(history, 1));
    }
}
