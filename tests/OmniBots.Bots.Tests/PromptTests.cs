using System.Net;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Bots.Tests.Flows;

namespace OmniBots.Bots.Tests;

public sealed class PromptTests(PromptTests.Fixture fixture) : IClassFixture<PromptTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task Prompts_HaveAppendOnlyVersions_WithVariablesAndModelHints()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var created = await api.JsonAsync(HttpMethod.Post, "/api/v1/prompts", new
        {
            key = "refunds", name = "Refunds", text = "Help {{user.name}} with order {{order.id}}. Be brief, {{user.name}}.",
            modelHints = new { model = "offline", temperature = 0.2 }, notes = "first cut",
        }, HttpStatusCode.Created);
        var id = created.GetProperty("prompt").GetProperty("id").GetGuid();
        Assert.Equal(1, created.GetProperty("prompt").GetProperty("latestVersion").GetInt32());
        Assert.Equal(["user.name", "order.id"], created.GetProperty("latest").GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(0.2, created.GetProperty("latest").GetProperty("modelHints").GetProperty("temperature").GetDouble());

        var v2 = await api.JsonAsync(HttpMethod.Post, $"/api/v1/prompts/{id}/versions", new { text = "Refund policy: {{policy}}", notes = "shorter" }, HttpStatusCode.Created);
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        var versions = await api.JsonAsync(HttpMethod.Get, $"/api/v1/prompts/{id}/versions");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("first cut", (await api.JsonAsync(HttpMethod.Get, $"/api/v1/prompts/{id}/versions/1")).GetProperty("notes").GetString());
        Assert.Equal(2, (await api.JsonAsync(HttpMethod.Get, $"/api/v1/prompts/{id}")).GetProperty("latest").GetProperty("version").GetInt32());
        var renamed = await api.JsonAsync(HttpMethod.Patch, $"/api/v1/prompts/{id}", new { name = "Refund help" });
        Assert.Equal(("Refund help", "refunds"), (renamed.GetProperty("prompt").GetProperty("name").GetString(), renamed.GetProperty("prompt").GetProperty("key").GetString()));
    }

    [Fact]
    public async Task BadPrompts_AreRefused_NamingTheField()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var problem = await api.ProblemAsync(HttpMethod.Post, "/api/v1/prompts", new { key = "Bad Key", name = "", text = "Hi {{", modelHints = new { temperature = 3 } },
            HttpStatusCode.BadRequest);
        Assert.Equal(["key", "modelHints.temperature", "name", "text"], Api.ErrorFields(problem).Order(StringComparer.Ordinal));
        await api.JsonAsync(HttpMethod.Post, "/api/v1/prompts", new { key = "dup", name = "Dup", text = "x" }, HttpStatusCode.Created);
        var duplicate = await api.ProblemAsync(HttpMethod.Post, "/api/v1/prompts", new { key = "dup", name = "Dup", text = "x" }, HttpStatusCode.BadRequest);
        Assert.Equal(["key"], Api.ErrorFields(duplicate));
    }

    [Fact]
    public async Task LlmNodes_ReferencePromptsByKeyAndVersion_AndTheValidatorChecksThem()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        await api.JsonAsync(HttpMethod.Post, "/api/v1/prompts", new { key = "greeter", name = "Greeter", text = "Greet." }, HttpStatusCode.Created);
        var bot = await api.CreateBotAsync();
        object Llm(object prompt) => Content(Graph([Node("start", "start"), Node("hello", "llm_response", new { prompt }), Node("end", "end")],
            [Edge("start", "next", "hello"), Edge("hello", "next", "end")]));

        await api.SaveDraftAsync(bot, 1, Llm(new { key = "greeter", version = 1 }));
        Assert.True((await api.ValidateAsync(bot, 1)).GetProperty("valid").GetBoolean());
        await api.SaveDraftAsync(bot, 1, Llm(new { key = "greeter", version = "latest" }));
        Assert.True((await api.ValidateAsync(bot, 1)).GetProperty("valid").GetBoolean());
        await api.SaveDraftAsync(bot, 1, Llm(new { key = "greeter", version = 2 }));
        Assert.Equal([("unknown_prompt", "hello")], BotsClient.Problems(await api.ValidateAsync(bot, 1)).Select(p => (p.Code, p.Node)));
        await api.SaveDraftAsync(bot, 1, Llm(new { key = "greeter", version = "newest" }));
        Assert.Equal([("invalid_setting", "prompt")], BotsClient.Problems(await api.ValidateAsync(bot, 1)).Select(p => (p.Code, p.Setting)));
    }
}
