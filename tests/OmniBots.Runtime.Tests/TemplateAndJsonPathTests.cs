using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;
using OmniBots.Runtime.Templates;

namespace OmniBots.Runtime.Tests;

public sealed class TemplateAndJsonPathTests
{
    private static readonly JsonObject Vars = JsonNode.Parse("""
        {"name":"Ada","n":3,"ok":true,"user":{"email":"a@x.io"},"items":[{"name":"pen"},{"name":"ink"}],"obj":{"a":1},"nothing":null}
        """)!.AsObject();

    private static readonly Dictionary<string, string> Env = new() { ["API_KEY"] = "k-1" };

    [Theory]
    [InlineData("Hello {{name}}", "Hello Ada")]
    [InlineData("{{ user.email }}", "a@x.io")]
    [InlineData("{{items[1].name}}/{{items[0].name}}", "ink/pen")]
    [InlineData("{{n}} {{ok}}", "3 true")]
    [InlineData("{{obj}}", """{"a":1}""")]
    [InlineData("key={{env.API_KEY}}", "key=k-1")]
    [InlineData("no slots", "no slots")]
    [InlineData("{{not a path}} stays", "{{not a path}} stays")]
    [InlineData("{{unclosed", "{{unclosed")]
    public void Renders_paths_from_variables_and_env(string template, string expected) =>
        Assert.Equal(expected, Template.Parse(template).Render(Vars, Env, null));

    [Fact]
    public void Unknown_variables_render_empty_and_are_reported()
    {
        var missing = new List<string>();
        Assert.Equal("[][][]", Template.Parse("[{{ghost}}][{{items[5].name}}][{{env.NOPE}}]").Render(Vars, Env, missing));
        Assert.Equal(["ghost", "items[5].name", "env.NOPE"], missing);
    }

    [Fact]
    public void A_null_variable_renders_empty_but_is_known()
    {
        var missing = new List<string>();
        Assert.Equal("", Template.Parse("{{nothing}}").Render(Vars, Env, missing));
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("$.name", "\"Ada\"")]
    [InlineData("$.user.email", "\"a@x.io\"")]
    [InlineData("$['user']['email']", "\"a@x.io\"")]
    [InlineData("$.items[1].name", "\"ink\"")]
    [InlineData("$.items[*].name", """["pen","ink"]""")]
    [InlineData("$..name", """["Ada","pen","ink"]""")]
    [InlineData("$.obj.*", "[1]")]
    [InlineData("$", null)]
    public void JsonPath_selects_the_documented_subset(string path, string? expected)
    {
        var selected = JsonPath.Select(Vars, path);
        Assert.Equal(expected ?? Vars.ToJsonString(), selected!.ToJsonString());
    }

    [Fact]
    public void JsonPath_selecting_nothing_is_null_and_a_bad_path_is_refused()
    {
        Assert.Null(JsonPath.Select(Vars, "$.missing.deeper"));
        Assert.Null(JsonPath.Select(Vars, "$.items[9]"));
        Assert.Throws<FormatException>(() => JsonPath.Select(Vars, "name"));
        Assert.Throws<FormatException>(() => JsonPath.Select(Vars, "$.items[?(@.x)]"));
    }
}
