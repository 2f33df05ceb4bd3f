using System.Net;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Bots.Tests.Flows;

namespace OmniBots.Bots.Tests;

public sealed class ReusableFlowTests(ReusableFlowTests.Fixture fixture) : IClassFixture<ReusableFlowTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task ReusableFlows_AreSavedWithIfMatch_ValidatedOnDemand_AndTargetableByGoTo()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var created = await api.JsonAsync(HttpMethod.Post, "/api/v1/flows", new { name = "Satisfaction survey" }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.True((await api.JsonAsync(HttpMethod.Post, $"/api/v1/flows/{id}/validate")).GetProperty("valid").GetBoolean());

        var broken = Graph([Node("start", "start"), Node("ask", "quick_replies", new { prompt = "Happy?" })], [Edge("start", "next", "ask")]);
        await api.ProblemAsync(HttpMethod.Put, $"/api/v1/flows/{id}", new { graph = broken }, HttpStatusCode.PreconditionRequired);
        var saved = await api.SendAsync(HttpMethod.Put, $"/api/v1/flows/{id}", new { graph = broken }, "\"r1\"");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await Api.ProblemAsync(await api.SendAsync(HttpMethod.Put, $"/api/v1/flows/{id}", new { name = "x" }, "\"r1\""), HttpStatusCode.PreconditionFailed);
        var problems = BotsClient.Problems(await api.JsonAsync(HttpMethod.Post, $"/api/v1/flows/{id}/validate"));
        Assert.Contains(problems, p => p.Code == "missing_setting" && p.Node == "ask" && p.Setting == "options" && p.Flow == "reusable");
        Assert.Contains(problems, p => p.Code == "output_without_target" && p.Node == "ask");

        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Content(Graph([Node("start", "start"), Node("go", "go_to_flow", new { flowId = id })], [Edge("start", "next", "go")])));
        Assert.True((await api.ValidateAsync(bot, 1)).GetProperty("valid").GetBoolean());
        await api.ProblemAsync(HttpMethod.Delete, $"/api/v1/flows/{id}", null, HttpStatusCode.Conflict);

        await api.SaveDraftAsync(bot, 1, Flows.Simple());
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/v1/flows/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, $"/api/v1/flows/{id}")).StatusCode);
    }

    [Fact]
    public async Task GoTo_NeedsExactlyOneTarget()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        await api.SaveDraftAsync(bot, 1, Content(Graph([Node("start", "start"), Node("go", "go_to_flow", new { linkedFlow = "a", flowId = Guid.NewGuid() })],
            [Edge("start", "next", "go")]), Linked("a", [Node("start", "start"), Node("end", "end")], [Edge("start", "next", "end")])));
        Assert.Equal([("invalid_setting", "go", "linkedFlow")], BotsClient.Problems(await api.ValidateAsync(bot, 1)).Select(p => (p.Code, p.Node, p.Setting)));
    }
}
