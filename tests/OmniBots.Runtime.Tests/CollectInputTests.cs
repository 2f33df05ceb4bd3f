using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

public sealed class CollectInputTests
{
    private static FlowSet Ask(string inputType, object? extra = null, int maxRetries = 2)
    {
        var settings = new Dictionary<string, object?>
        {
            ["prompt"] = "Your value?",
            ["inputType"] = inputType,
            ["variable"] = "answer.value",
            ["maxRetries"] = maxRetries,
            ["errorMessage"] = "Bad {{last_user_message}}.",
        };
        if (extra is not null)
        {
            foreach (var p in extra.GetType().GetProperties())
            {
                settings[p.Name] = p.GetValue(extra);
            }
        }
        return new FlowBuilder().Node("start", "start").Node("ask", "collect_input", settings)
            .Node("ok", "send_message", new { messages = new object[] { new { text = "Got {{answer.value}}" } } })
            .Node("failed", "end", new { message = "Giving up.", reason = "abandoned" })
            .Chain("start", "ask", "ok").Edge("ask", "failed", "failed").Build();
    }

    [Theory]
    [InlineData("text", "hello there", "\"hello there\"")]
    [InlineData("number", "42.5", "42.5")]
    [InlineData("email", "ada@example.com", "\"ada@example.com\"")]
    [InlineData("phone", "+1 (555) 123-4567", "\"+1 (555) 123-4567\"")]
    [InlineData("date", "21/11/2026", "\"2026-11-21\"")]
    [InlineData("date", "2026-11-21", "\"2026-11-21\"")]
    public async Task A_valid_answer_is_stored_typed_and_follows_next(string inputType, string answer, string stored)
    {
        var harness = new Harness(Ask(inputType));
        var asked = await harness.StartAsync();
        Assert.Equal(["Your value?"], asked.Messages.Select(m => m.Text));

        var result = await harness.SayAsync(answer);

        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(stored)!.ToJsonString(), harness.State.Variables["answer"]!["value"]!.ToJsonString());
        Assert.Equal("ask:next", result.Trace[0].NodeId + ":" + result.Trace[0].Outcome);
    }

    [Theory]
    [InlineData("number", "forty")]
    [InlineData("email", "ada@example")]
    [InlineData("phone", "call me")]
    [InlineData("phone", "12345")]
    [InlineData("date", "31/02/2026")]
    [InlineData("text", "   ")]
    public async Task An_invalid_answer_sends_the_error_message_and_asks_again(string inputType, string answer)
    {
        var harness = new Harness(Ask(inputType));
        await harness.StartAsync();
        var result = await harness.SayAsync(answer);
        Assert.Equal(TurnOutcome.WaitingForInput, result.Outcome);
        Assert.Equal([$"Bad {answer}.", "Your value?"], harness.Texts);
        Assert.Equal(1, harness.State.Retries["primary/ask"]);
    }

    [Fact]
    public async Task Choice_matches_case_insensitively_and_stores_the_listed_spelling()
    {
        var harness = new Harness(Ask("choice", new { choices = new[] { "Red", "Blue" } }));
        var asked = await harness.StartAsync();
        Assert.Equal(["Red", "Blue"], asked.Messages[0].QuickReplies!.Select(q => q.Value));
        await harness.SayAsync("green");
        Assert.Equal(TurnOutcome.WaitingForInput, harness.Last.Outcome);
        await harness.SayAsync("BLUE");
        Assert.Equal(["Got Blue"], harness.Texts);
    }

    [Fact]
    public async Task The_regex_is_checked_after_the_type()
    {
        var harness = new Harness(Ask("text", new { regex = "^[A-Z]{2}[0-9]{4}$" }));
        await harness.StartAsync();
        await harness.SayAsync("ab1234");
        Assert.Equal(TurnOutcome.WaitingForInput, harness.Last.Outcome);
        Assert.Contains(harness.Last.Trace[0].Notes!, n => n.Contains("does not match the pattern", StringComparison.Ordinal));
        await harness.SayAsync("AB1234");
        Assert.Equal(["Got AB1234"], harness.Texts);
    }

    [Fact]
    public async Task A_catastrophic_regex_times_out_and_counts_as_no_match()
    {
        var harness = new Harness(Ask("text", new { regex = "^(a+)+$" }));
        await harness.StartAsync();
        await harness.SayAsync(new string('a', 40) + "!");
        Assert.Equal(TurnOutcome.WaitingForInput, harness.Last.Outcome);
        Assert.Contains(harness.Last.Trace[0].Notes!, n => n.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_max_retries_re_asks_the_next_invalid_answer_follows_failed_across_serialised_turns()
    {
        var harness = new Harness(Ask("number", maxRetries: 2));
        await harness.StartAsync();
        await harness.SayAsync("a");
        await harness.SayAsync("b");
        Assert.Equal(2, harness.State.Retries["primary/ask"]);
        var result = await harness.SayAsync("c");
        Assert.Equal(["Giving up."], harness.Texts);
        Assert.Equal("ask:failed", result.Trace[0].NodeId + ":" + result.Trace[0].Outcome);
        Assert.Equal("abandoned", result.State.EndReason);
        Assert.Empty(result.State.Retries);
    }

    [Fact]
    public async Task A_valid_answer_after_retries_resets_the_counter()
    {
        var harness = new Harness(Ask("number", maxRetries: 3));
        await harness.StartAsync();
        await harness.SayAsync("a");
        await harness.SayAsync("7");
        Assert.Equal(["Got 7"], harness.Texts);
        Assert.Empty(harness.State.Retries);
    }
}
