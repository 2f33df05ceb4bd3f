using OmniBots.Testing;
using Xunit;

namespace OmniBots.Bots.Tests;

public sealed class CatalogueTests(CatalogueTests.Fixture fixture) : IClassFixture<CatalogueTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static readonly string[] IssueNodeTypes =
    [
        "start", "send_message", "quick_replies", "rich_content", "collect_input", "llm_response", "kb_search", "rag_query", "intent_classification",
        "condition", "intent_router", "set_variable", "loop", "delay", "end", "go_to_flow", "api_call", "tool_call", "handoff",
    ];

    [Fact]
    public async Task NodeTypes_ListsEveryNodeType_WithSettingsAndOutputs()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var types = await api.JsonAsync(HttpMethod.Get, "/api/v1/flows/node-types");

        var byType = types.EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!);
        Assert.Equal(IssueNodeTypes.Order(StringComparer.Ordinal), byType.Keys.Order(StringComparer.Ordinal));
        Assert.All(byType.Values.Where(t => t.GetProperty("type").GetString() != "end"), t => Assert.NotEqual(0, t.GetProperty("outputs").GetArrayLength()));
        Assert.True(byType["start"].GetProperty("isEntry").GetBoolean());

        var messages = byType["send_message"].GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "messages");
        Assert.Equal(3, messages.GetProperty("maxItems").GetInt32());
        var retries = byType["collect_input"].GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "maxRetries");
        Assert.Equal(3, retries.GetProperty("default").GetInt32());
        var timeout = byType["api_call"].GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "timeoutMs");
        Assert.Equal(5000, timeout.GetProperty("default").GetInt32());
        var operators = byType["condition"].GetProperty("settings")[0].GetProperty("fields").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == "operator").GetProperty("values").EnumerateArray().Select(v => v.GetString());
        Assert.Equal(["eq", "neq", "gt", "gte", "lt", "lte", "contains", "regex", "is_empty", "is_not_empty"], operators);
        var richTypes = byType["rich_content"].GetProperty("settings")[0].GetProperty("values").EnumerateArray().Select(v => v.GetString()!);
        Assert.Equal(15, richTypes.Count());
        Assert.Equal(["audio", "buttons", "card", "carousel", "chips", "divider", "file", "form", "image", "info_alert", "list", "location", "rating", "text", "video"],
            richTypes.Order(StringComparer.Ordinal));
        Assert.Equal("rules", byType["condition"].GetProperty("dynamicOutputs").GetProperty("setting").GetString());
    }
}
