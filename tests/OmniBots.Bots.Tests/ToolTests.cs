using System.Net;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Bots.Tests.Flows;

namespace OmniBots.Bots.Tests;

public sealed class ToolTests(ToolTests.Fixture fixture) : IClassFixture<ToolTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task Tools_AreCreatedReadReplacedAndDeleted_NextToTheSystemTools()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var created = await api.JsonAsync(HttpMethod.Post, "/api/v1/tools",
            ToolHelpers.OrderTool("https://shop.example.com/orders/{{param.order_id}}", new { type = "bearer", secret = "ORDERS_TOKEN" }), HttpStatusCode.Created);
        Assert.Equal(("order_status", false, true), (created.GetProperty("code").GetString(), created.GetProperty("system").GetBoolean(),
            created.GetProperty("enabled").GetBoolean()));
        Assert.Equal("bearer", created.GetProperty("action").GetProperty("auth").GetProperty("type").GetString());
        Assert.Equal(3000, created.GetProperty("action").GetProperty("timeoutMs").GetInt32());

        var list = await api.JsonAsync(HttpMethod.Get, "/api/v1/tools");
        Assert.Equal([("current_time", true), ("order_status", false)],
            list.EnumerateArray().Select(t => (t.GetProperty("code").GetString(), t.GetProperty("system").GetBoolean())));

        var replaced = await api.JsonAsync(HttpMethod.Put, "/api/v1/tools/order_status", new
        {
            name = "Order lookup", description = "Finds an order.", enabled = false,
            action = new { method = "POST", url = "https://shop.example.com/orders/lookup", body = "{\"id\": \"{{param.order_id}}\"}" },
            parameters = new { type = "object", properties = new { order_id = new { type = "string" } }, required = Strings("order_id") },
        });
        Assert.Equal(("Order lookup", false, "POST", 5000), (replaced.GetProperty("name").GetString(), replaced.GetProperty("enabled").GetBoolean(),
            replaced.GetProperty("action").GetProperty("method").GetString(), replaced.GetProperty("action").GetProperty("timeoutMs").GetInt32()));
        var renamed = await api.ProblemAsync(HttpMethod.Put, "/api/v1/tools/order_status", new { code = "other", name = "x", description = "y",
            action = new { url = "https://x.example" } }, HttpStatusCode.BadRequest);
        Assert.Equal(["code"], Api.ErrorFields(renamed));

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/v1/tools/order_status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "/api/v1/tools/order_status")).StatusCode);
        var duplicate = ToolHelpers.PlainTool("dup", "https://x.example/a");
        await api.JsonAsync(HttpMethod.Post, "/api/v1/tools", duplicate, HttpStatusCode.Created);
        Assert.Equal(["code"], Api.ErrorFields(await api.ProblemAsync(HttpMethod.Post, "/api/v1/tools", duplicate, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task InvalidTools_AreRefused_ListingEveryProblem()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var problem = await api.ProblemAsync(HttpMethod.Post, "/api/v1/tools", new
        {
            code = "Bad Code",
            name = "",
            description = "d",
            parameters = new
            {
                type = "object",
                properties = new Dictionary<string, object>
                {
                    ["bad name"] = new { type = "string" },
                    ["kind"] = new { type = "text" },
                    ["size"] = new { type = "string", @enum = new object[] { 1, 2 } },
                    ["count"] = new { type = "integer", minimum = 3 },
                },
                required = Strings("missing"),
            },
            action = new
            {
                method = "FETCH",
                url = "ftp://files.example/{{param.nope}}",
                timeoutMs = 60_000,
                auth = new { type = "bearer" },
                responseMapping = new[] { new { field = "a", path = "status" } },
            },
        }, HttpStatusCode.BadRequest);
        Assert.Equal(
            ["action.auth.secret", "action.method", "action.responseMapping[0].path", "action.timeoutMs", "action.url", "code", "name",
                "parameters.properties.bad name", "parameters.properties.count.minimum", "parameters.properties.kind.type", "parameters.properties.size.enum",
                "parameters.required"],
            Api.ErrorFields(problem).Order(StringComparer.Ordinal));

        var notAnObject = await api.ProblemAsync(HttpMethod.Post, "/api/v1/tools", new
        {
            code = "x", name = "x", description = "x", parameters = new { type = "string" }, action = new { url = "https://x.example" },
        }, HttpStatusCode.BadRequest);
        Assert.Equal(["parameters.type"], Api.ErrorFields(notAnObject));
        var noAction = await api.ProblemAsync(HttpMethod.Post, "/api/v1/tools", new { code = "x", name = "x", description = "x" }, HttpStatusCode.BadRequest);
        Assert.Equal(["action"], Api.ErrorFields(noAction));
    }

    [Fact]
    public async Task SystemTools_AreReadOnly_AndTheirCodesReserved()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var system = await api.JsonAsync(HttpMethod.Get, "/api/v1/tools/current_time");
        Assert.True(system.GetProperty("system").GetBoolean());
        await api.ProblemAsync(HttpMethod.Put, "/api/v1/tools/current_time", ToolHelpers.PlainTool("current_time", "https://x.example"), HttpStatusCode.Conflict);
        await api.ProblemAsync(HttpMethod.Delete, "/api/v1/tools/current_time", null, HttpStatusCode.Conflict);
        foreach (var code in Strings("current_time", "templates", "analytics"))
        {
            var reserved = await api.ProblemAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool(code, "https://x.example"), HttpStatusCode.BadRequest);
            Assert.Equal(["code"], Api.ErrorFields(reserved));
        }
        var before = fixture.Time.GetUtcNow().ToUnixTimeSeconds();
        var run = await api.TestAsync("current_time", new { timezone = "Europe/Paris" });
        Assert.True(run.GetProperty("success").GetBoolean());
        Assert.Equal("Europe/Paris", run.GetProperty("result").GetProperty("timezone").GetString());
        Assert.InRange(run.GetProperty("result").GetProperty("unixSeconds").GetInt64(), before, fixture.Time.GetUtcNow().ToUnixTimeSeconds());
        var badZone = await api.TestAsync("current_time", new { timezone = "Mars/Olympus" });
        Assert.Contains("not a known time zone", badZone.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Templates_BecomeTools()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var templates = await api.JsonAsync(HttpMethod.Get, "/api/v1/tools/templates");
        Assert.Equal(["order_status", "weather", "create_ticket"], templates.EnumerateArray().Select(t => t.GetProperty("key").GetString()));

        var created = await api.JsonAsync(HttpMethod.Post, "/api/v1/tools/from-template/create_ticket", new { }, HttpStatusCode.Created);
        Assert.Equal(("create_ticket", "header", "X-Webhook-Key"), (created.GetProperty("code").GetString(),
            created.GetProperty("action").GetProperty("auth").GetProperty("type").GetString(),
            created.GetProperty("action").GetProperty("auth").GetProperty("headerName").GetString()));
        Assert.Equal(["code"], Api.ErrorFields(await api.ProblemAsync(HttpMethod.Post, "/api/v1/tools/from-template/create_ticket", new { },
            HttpStatusCode.BadRequest)));
        var second = await api.JsonAsync(HttpMethod.Post, "/api/v1/tools/from-template/weather", new { code = "weather_paris", name = "Paris weather" },
            HttpStatusCode.Created);
        Assert.Equal(("weather_paris", "Paris weather"), (second.GetProperty("code").GetString(), second.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Post, "/api/v1/tools/from-template/nope", new { })).StatusCode);
        foreach (var key in Strings("order_status"))
        {
            await api.JsonAsync(HttpMethod.Post, $"/api/v1/tools/from-template/{key}", new { }, HttpStatusCode.Created);
        }
        Assert.Equal(["current_time", "create_ticket", "order_status", "weather_paris"],
            (await api.JsonAsync(HttpMethod.Get, "/api/v1/tools")).EnumerateArray().Select(t => t.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task TenantB_CannotSeeChangeOrRun_TenantATools()
    {
        var a = await BotsClient.SignInAsync(fixture, fixture.Data);
        var b = await BotsClient.SignInAsync(fixture, fixture.Data);
        await a.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("private_tool", "https://x.example/a"), HttpStatusCode.Created);
        Assert.Equal(["current_time"], (await b.JsonAsync(HttpMethod.Get, "/api/v1/tools")).EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Get, "/api/v1/tools/private_tool")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Post, "/api/v1/tools/private_tool/test", new { arguments = new { } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Put, "/api/v1/tools/private_tool", ToolHelpers.PlainTool("private_tool", "https://x.example/b"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(HttpMethod.Delete, "/api/v1/tools/private_tool")).StatusCode);
        // The same code is free for B.
        await b.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("private_tool", "https://x.example/b"), HttpStatusCode.Created);
        Assert.Equal("https://x.example/a", (await a.JsonAsync(HttpMethod.Get, "/api/v1/tools/private_tool")).GetProperty("action").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Permissions_ToolsWriteToChange_SettingsWriteToAllowPrivateNetworks()
    {
        var viewer = await BotsClient.SignInAsync(fixture, fixture.Data, OmniBots.Identity.Contracts.SystemRoles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SendAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("t", "https://x.example"))).StatusCode);
        var botAdmin = await BotsClient.SignInAsync(fixture, fixture.Data, OmniBots.Identity.Contracts.SystemRoles.BotAdmin);
        await botAdmin.JsonAsync(HttpMethod.Post, "/api/v1/tools", ToolHelpers.PlainTool("t", "https://x.example"), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Forbidden, (await botAdmin.SendAsync(HttpMethod.Put, "/api/v1/tools/settings", new { allowPrivateNetworks = true })).StatusCode);
        Assert.False((await botAdmin.JsonAsync(HttpMethod.Get, "/api/v1/tools/settings")).GetProperty("allowPrivateNetworks").GetBoolean());
    }
}
