using System.Net;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Bots.Tests;

/// <summary>TEN-3: another tenant's bots, deployments, versions, flows and prompts answer 404 and never appear in lists.</summary>
public sealed class BotsTenantIsolationTests(BotsTenantIsolationTests.Fixture fixture) : IClassFixture<BotsTenantIsolationTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task TenantB_CannotSeeOrChange_TenantAsBotsFlowsPromptsAndDeployments()
    {
        var a = await BotsClient.SignInAsync(fixture, fixture.Data);
        var b = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await a.CreateBotAsync();
        var deployment = (await a.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments", new { name = "w" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var flow = (await a.JsonAsync(HttpMethod.Post, "/api/v1/flows", new { name = "Shared" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var prompt = (await a.JsonAsync(HttpMethod.Post, "/api/v1/prompts", new { key = "support", name = "Support", text = "Be kind." }, HttpStatusCode.Created))
            .GetProperty("prompt").GetProperty("id").GetGuid();

        string[] reads =
        [
            $"/api/v1/bots/{bot}", $"/api/v1/bots/{bot}/versions", $"/api/v1/bots/{bot}/versions/1", $"/api/v1/bots/{bot}/deployments",
            $"/api/v1/bots/{bot}/deployments/{deployment}", $"/api/v1/flows/{flow}", $"/api/v1/prompts/{prompt}", $"/api/v1/prompts/{prompt}/versions",
        ];
        foreach (var path in reads)
        {
            Assert.True(HttpStatusCode.NotFound == (await b.SendAsync(HttpMethod.Get, path)).StatusCode, path);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Patch, $"/api/v1/bots/{bot}", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Delete, $"/api/v1/bots/{bot}/deployments/{deployment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Post, $"/api/v1/prompts/{prompt}/versions", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Delete, $"/api/v1/flows/{flow}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Delete, $"/api/v1/bots/{bot}")).StatusCode);
        foreach (var list in Flows.Strings("/api/v1/bots", "/api/v1/flows", "/api/v1/prompts"))
        {
            Assert.Equal(0, (await b.JsonAsync(HttpMethod.Get, list)).GetArrayLength());
        }

        // B's Go to flow cannot target A's reusable flow: it does not exist for B.
        var bBot = await b.CreateBotAsync();
        await b.SaveDraftAsync(bBot, 1, Flows.Simple(Flows.Node("hello", "go_to_flow", new { flowId = flow })));
        Assert.Contains(BotsClient.Problems(await b.ValidateAsync(bBot, 1)), p => p.Code == "unknown_flow_target" && p.Node == "hello");
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Get, $"/api/v1/bots/{bot}")).StatusCode);
    }
}
