using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

public sealed class ConditionTests
{
    private static async Task<string> RouteAsync(string left, string op, string? value)
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("check", "condition", new { rules = new object?[] { new { id = "hit", left, @operator = op, value } } })
            .Node("yes", "end", new { message = "yes" }).Node("no", "end", new { message = "no" })
            .Chain("start", "check").Edge("check", "hit", "yes").Edge("check", "default", "no").Build();
        var harness = new Harness(flows);
        harness.State.Variables["n"] = 10;
        harness.State.Variables["s"] = "Hello World";
        harness.State.Variables["empty"] = "";
        harness.State.Variables["list"] = new System.Text.Json.Nodes.JsonArray();
        await harness.StartAsync();
        return harness.Texts.Single()!;
    }

    [Theory]
    [InlineData("{{s}}", "eq", "hello world", "yes")]
    [InlineData("{{s}}", "eq", "hello", "no")]
    [InlineData("{{n}}", "eq", "10.0", "yes")]
    [InlineData("{{s}}", "neq", "HELLO WORLD", "no")]
    [InlineData("{{s}}", "neq", "bye", "yes")]
    [InlineData("{{n}}", "gt", "9", "yes")]
    [InlineData("{{n}}", "gt", "10", "no")]
    [InlineData("{{n}}", "gt", "9.5", "yes")]
    [InlineData("{{n}}", "gte", "10", "yes")]
    [InlineData("{{n}}", "lt", "100", "yes")]
    [InlineData("{{n}}", "lte", "9", "no")]
    [InlineData("b", "gt", "a", "yes")]
    [InlineData("10", "lt", "9", "no")]
    [InlineData("{{s}}", "contains", "WORLD", "yes")]
    [InlineData("{{s}}", "contains", "planet", "no")]
    [InlineData("{{s}}", "regex", "^Hello\\s+W", "yes")]
    [InlineData("{{s}}", "regex", "^World", "no")]
    [InlineData("{{empty}}", "is_empty", null, "yes")]
    [InlineData("{{missing}}", "is_empty", null, "yes")]
    [InlineData("{{list}}", "is_empty", null, "yes")]
    [InlineData("{{s}}", "is_empty", null, "no")]
    [InlineData("{{s}}", "is_not_empty", null, "yes")]
    [InlineData("{{empty}}", "is_not_empty", null, "no")]
    public async Task Operators_compare_as_documented(string left, string op, string? value, string expected) =>
        Assert.Equal(expected, await RouteAsync(left, op, value));

    [Fact]
    public async Task Rules_are_evaluated_in_order_and_the_first_match_wins()
    {
        var flows = new FlowBuilder().Node("start", "start")
            .Node("check", "condition", new
            {
                rules = new object[]
                {
                    new { id = "big", left = "{{n}}", @operator = "gt", value = "100" },
                    new { id = "mid", left = "{{n}}", @operator = "gt", value = "5" },
                    new { id = "any", left = "{{n}}", @operator = "gt", value = "1" },
                },
            })
            .Node("b", "end", new { message = "big" }).Node("m", "end", new { message = "mid" }).Node("a", "end", new { message = "any" })
            .Node("d", "end", new { message = "default" })
            .Chain("start", "check").Edge("check", "big", "b").Edge("check", "mid", "m").Edge("check", "any", "a").Edge("check", "default", "d").Build();
        var harness = new Harness(flows);
        harness.State.Variables["n"] = 10;
        var result = await harness.StartAsync();
        Assert.Equal(["mid"], harness.Texts);
        Assert.Equal("check:mid", $"{result.Trace[1].NodeId}:{result.Trace[1].Outcome}");
    }
}
