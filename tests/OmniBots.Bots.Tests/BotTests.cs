using System.Net;
using OmniBots.Identity.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Bots.Tests;

public sealed class BotTests(BotTests.Fixture fixture) : IClassFixture<BotTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task Create_AppliesDefaults_CreatesDraftVersionOne_AndIsAudited()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.JsonAsync(HttpMethod.Post, "/api/v1/bots", new { name = "  Helpdesk  " }, HttpStatusCode.Created);

        Assert.Equal("Helpdesk", bot.GetProperty("name").GetString());
        Assert.Equal(30, bot.GetProperty("idleTimeoutMinutes").GetInt32());
        Assert.Equal(["en"], bot.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("en", bot.GetProperty("defaultLanguage").GetString());
        Assert.Equal("", bot.GetProperty("defaultModel").GetString());
        Assert.Equal("active", bot.GetProperty("status").GetString());
        Assert.Equal(1, bot.GetProperty("draftVersion").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bot.GetProperty("publishedVersion").ValueKind);
        var id = bot.GetProperty("id").GetGuid();
        var draft = await api.ValidateAsync(id, 1);
        Assert.True(draft.GetProperty("valid").GetBoolean());
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = 'bot.created' AND target_id = @id",
            ("id", id.ToString())));
    }

    [Fact]
    public async Task Crud_ReadsUpdatesListsAndDeletes()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var kb = Guid.NewGuid();
        var id = (await api.JsonAsync(HttpMethod.Post, "/api/v1/bots", new
        {
            name = "Sales", description = "Pre-sales questions", languages = Flows.Strings("en-GB", "fr", "de-CH"), defaultLanguage = "fr",
            defaultModel = "offline", knowledgeBaseIds = new[] { kb }, greeting = "Hello {{user.first_name}}!", idleTimeoutMinutes = 90,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var updated = await api.JsonAsync(HttpMethod.Patch, $"/api/v1/bots/{id}", new { name = "Sales EU", languages = Flows.Strings("de-CH", "it"), status = "disabled" });
        Assert.Equal("Sales EU", updated.GetProperty("name").GetString());
        Assert.Equal("de-CH", updated.GetProperty("defaultLanguage").GetString()); // fr left the list: the first language takes over
        Assert.Equal("disabled", updated.GetProperty("status").GetString());
        Assert.Equal(90, updated.GetProperty("idleTimeoutMinutes").GetInt32());
        Assert.Equal([kb], updated.GetProperty("knowledgeBaseIds").EnumerateArray().Select(k => k.GetGuid()));

        var list = await api.JsonAsync(HttpMethod.Get, "/api/v1/bots");
        Assert.Equal([id], list.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/v1/bots/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, $"/api/v1/bots/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, $"/api/v1/bots/{id}/versions")).StatusCode);
    }

    [Fact]
    public async Task BadInput_GetsAProblemNamingEveryBadField()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var problem = await api.ProblemAsync(HttpMethod.Post, "/api/v1/bots", new
        {
            name = "", languages = Flows.Strings("english!", "fr"), defaultLanguage = "es", defaultModel = "bad model", greeting = "Hi {{name",
            idleTimeoutMinutes = 0, status = "sleeping",
        }, HttpStatusCode.BadRequest);

        Assert.Equal(["defaultLanguage", "defaultModel", "greeting", "idleTimeoutMinutes", "languages", "name", "status"],
            Api.ErrorFields(problem).Order(StringComparer.Ordinal));
        var tooLong = await api.ProblemAsync(HttpMethod.Post, "/api/v1/bots", new { name = "x", idleTimeoutMinutes = 1441 }, HttpStatusCode.BadRequest);
        Assert.Equal(["idleTimeoutMinutes"], Api.ErrorFields(tooLong));
    }

    [Fact]
    public async Task Permissions_ViewerReads_ButCannotWriteOrPublish()
    {
        var admin = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await admin.CreateBotAsync();
        var viewerUser = await fixture.Data.CreateUserAsync(admin.Tenant, SystemRoles.Viewer);
        var client = fixture.Host.CreateClient();
        var token = (await Api.SignInForTokensAsync(client, viewerUser)).AccessToken;

        Assert.Equal(HttpStatusCode.OK, (await Api.SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/bots/{bot}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/bots", token, new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", token, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.CreateClient().GetAsync(Api.Url("/api/v1/bots"))).StatusCode);
    }
}
