using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

public sealed class OpenAiChatTests
{
    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task Chat_returns_text_finish_and_usage_and_sends_the_wire_format(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        var fake = family.Fake;
        fake.Enqueue(FakeOpenAiReply.WithText("Hello there."));
        var request = Question() with
        {
            Temperature = 0.2,
            MaxTokens = 50,
            Stop = ["END"],
            ResponseFormat = ResponseFormat.JsonObject,
            Context = [new ContextPassage("kb-9", "Greeting", "Always greet politely.")],
        };

        var response = await family.Provider().ChatAsync(request, CancellationToken.None);

        Assert.Equal("Hello there.", response.Text);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage(11, 7), response.Usage);
        Assert.Equal("gpt-4o-mini", response.Model);
        var sent = fake.LastBody;
        Assert.Equal(family.ExpectedCredential, family.SentCredential(fake.Requests.Single()));
        Assert.Equal(family.PathOf("chat/completions", "gpt-4o-mini"), fake.Requests.Single().Path);
        Assert.Equal("gpt-4o-mini", (string?)sent["model"]);
        Assert.Equal(0.2, (double?)sent["temperature"]);
        Assert.Equal(50, (int?)sent["max_completion_tokens"]);
        Assert.Equal("END", (string?)sent["stop"]![0]);
        Assert.Equal("json_object", (string?)sent["response_format"]!["type"]);
        Assert.Null(sent["stream"]);
        var messages = sent["messages"]!.AsArray();
        Assert.Equal(["system", "system", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Contains("[kb-9] Greeting", (string?)messages[0]!["content"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task Tool_definitions_choice_and_results_go_out_and_tool_calls_come_back(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        var fake = family.Fake;
        fake.Enqueue(FakeOpenAiReply.WithToolCalls(new FakeToolCall("call_1", "get_weather", """{"city":"Utrecht"}""")));
        var request = Question("Weather in Utrecht?") with
        {
            Messages =
            [
                ChatMessage.User("Weather in Amsterdam?"),
                ChatMessage.Assistant(null, [new ToolCall("call_0", "get_weather", """{"city":"Amsterdam"}""")]),
                ChatMessage.ToolResult("call_0", "12 degrees"),
                ChatMessage.User("And in Utrecht?"),
            ],
            Tools = [new ToolDefinition("get_weather", "Current weather", WeatherSchema)],
            ToolChoice = ToolChoice.Function("get_weather"),
        };

        var response = await family.Provider().ChatAsync(request, CancellationToken.None);

        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new ToolCall("call_1", "get_weather", """{"city":"Utrecht"}"""), Assert.Single(response.ToolCalls));
        Assert.Null(response.Text);
        var sent = fake.LastBody;
        Assert.Equal("function", (string?)sent["tools"]![0]!["type"]);
        Assert.Equal("city", (string?)sent["tools"]![0]!["function"]!["parameters"]!["required"]![0]);
        Assert.Equal("get_weather", (string?)sent["tool_choice"]!["function"]!["name"]);
        Assert.Equal("call_0", (string?)sent["messages"]![1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("""{"city":"Amsterdam"}""", (string?)sent["messages"]![1]!["tool_calls"]![0]!["function"]!["arguments"]);
        Assert.Equal("tool", (string?)sent["messages"]![2]!["role"]);
        Assert.Equal("call_0", (string?)sent["messages"]![2]!["tool_call_id"]);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("none")]
    [InlineData("required")]
    public async Task Simple_tool_choices_are_strings(string expected)
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.OpenAi);
        var choice = expected switch { "auto" => ToolChoice.Auto, "none" => ToolChoice.None, _ => ToolChoice.Required };

        await family.Provider().ChatAsync(Question() with { Tools = [new ToolDefinition("f", null, WeatherSchema)], ToolChoice = choice }, CancellationToken.None);

        Assert.Equal(expected, (string?)family.Fake.LastBody["tool_choice"]);
    }

    [Theory]
    [MemberData(nameof(OpenAiFamily.All), MemberType = typeof(OpenAiFamily))]
    public async Task Embeddings_come_back_in_input_order_with_usage(string provider)
    {
        await using var family = await OpenAiFamily.StartAsync(provider);
        var fake = family.Fake;

        var response = await family.Provider().EmbedAsync(new EmbeddingRequest("text-embedding-3-small", ["ab", "abcd", "abcdef"]), CancellationToken.None);

        Assert.Equal([2f, 4f, 6f], response.Vectors.Select(v => v.Span[0]));
        Assert.Equal([0f, 1f, 2f], response.Vectors.Select(v => v.Span[1]));
        Assert.Equal(12, response.Usage.InputTokens);
        Assert.Equal(family.PathOf("embeddings", "text-embedding-3-small"), fake.Requests.Single().Path);
        Assert.Equal(family.ExpectedCredential, family.SentCredential(fake.Requests.Single()));
        Assert.Equal(3, fake.LastBody["input"]!.AsArray().Count);
    }
}
