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

public sealed class NodesDocTests(NodesDocTests.Fixture fixture) : IClassFixture<NodesDocTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmniBots.slnx")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException("Repository root not found.");
    }

    /// <summary>docs/nodes.md is generated from the catalogue by scripts/render-nodes-doc.py; this keeps them in step.
    /// With OMNIBOTS_NODE_TYPES_JSON set, the test writes the catalogue there for the script.</summary>
    [Fact]
    public async Task NodesDoc_DocumentsEveryNodeTypeAndSetting()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var types = await api.JsonAsync(HttpMethod.Get, "/api/v1/flows/node-types");
        if (Environment.GetEnvironmentVariable("OMNIBOTS_NODE_TYPES_JSON") is { Length: > 0 } dump)
        {
            await File.WriteAllTextAsync(dump, types.GetRawText());
        }
        var doc = await File.ReadAllTextAsync(RepositoryFile("docs/nodes.md"));

        foreach (var type in types.EnumerateArray())
        {
            Assert.Contains($"(`{type.GetProperty("type").GetString()}`)", doc, StringComparison.Ordinal);
            foreach (var setting in Names(type.GetProperty("settings")))
            {
                Assert.True(doc.Contains($"`{setting}`", StringComparison.Ordinal) || doc.Contains($".{setting}`", StringComparison.Ordinal), $"{type.GetProperty("type")}: setting {setting} is not in docs/nodes.md");
            }
            foreach (var output in type.GetProperty("outputs").EnumerateArray())
            {
                Assert.Contains($"`{output.GetProperty("name").GetString()}`", doc, StringComparison.Ordinal);
            }
        }
    }

    private static IEnumerable<string> Names(System.Text.Json.JsonElement settings)
    {
        foreach (var setting in settings.EnumerateArray())
        {
            yield return setting.GetProperty("name").GetString()!;
            if (setting.GetProperty("fields").ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var field in Names(setting.GetProperty("fields")))
                {
                    yield return field;
                }
            }
        }
    }
}
