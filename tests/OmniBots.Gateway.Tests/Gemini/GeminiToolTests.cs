using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using Xunit;
using static OmniBots.Gateway.Tests.Gemini.GeminiChatTests;
using static OmniBots.Gateway.Tests.Gemini.GeminiTestKit;

namespace OmniBots.Gateway.Tests.Gemini;

public sealed class GeminiToolTests
{
    [Fact]
    public async Task Function_calls_without_ids_come_back_as_tool_calls_with_stable_generated_ids()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithFunctionCalls(
            new FakeGeminiFunctionCall("get_weather", """{"city":"Utrecht"}"""),
            new FakeGeminiFunctionCall("get_time", """{"zone":"Europe/Amsterdam"}""")));

        var response = await ApiKeyAdapter(fake).ChatAsync(Question("Weather and time?") with { Tools = [new ToolDefinition("get_weather", "Current weather", WeatherSchema)] }, CancellationToken.None);

        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Null(response.Text);
        Assert.Equal(
            [new ToolCall("call_0", "get_weather", """{"city":"Utrecht"}"""), new ToolCall("call_1", "get_time", """{"zone":"Europe/Amsterdam"}""")],
            response.ToolCalls);
        var declaration = fake.LastBody["tools"]![0]!["functionDeclarations"]![0]!;
        Assert.Equal("get_weather", (string?)declaration["name"]);
        Assert.Equal("Current weather", (string?)declaration["description"]);
        Assert.Equal("city", (string?)declaration["parameters"]!["required"]![0]);
    }

    [Fact]
    public async Task Tool_calls_and_results_round_trip_as_function_call_and_function_response_parts()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var request = Question() with
        {
            Messages =
            [
                ChatMessage.User("Weather in Amsterdam and Utrecht?"),
                ChatMessage.Assistant("Let me check.", [new ToolCall("call_0", "get_weather", """{"city":"Amsterdam"}"""), new ToolCall("call_1", "get_forecast", """{"city":"Utrecht"}""")]),
                ChatMessage.ToolResult("call_1", """{"forecast":"rain"}"""),
                ChatMessage.ToolResult("call_0", "12 degrees"),
                ChatMessage.User("Thanks. And tomorrow?"),
            ],
            Tools = [new ToolDefinition("get_weather", null, WeatherSchema), new ToolDefinition("get_forecast", null, WeatherSchema)],
        };

        await ApiKeyAdapter(fake).ChatAsync(request, CancellationToken.None);

        var body = fake.LastBody;
        Assert.Equal(["user", "model", "user", "user"], body["contents"]!.AsArray().Select(c => (string?)c!["role"]));
        Assert.Equal("Let me check.", (string?)Part(body, 1, 0)["text"]);
        var call = Part(body, 1, 1)["functionCall"]!;
        Assert.Equal("get_weather", (string?)call["name"]);
        Assert.Equal("Amsterdam", (string?)call["args"]!["city"]);
        Assert.Null(call["id"]);
        // Both results in one user turn, each named after the call it answers (found by id), objects as is, text wrapped.
        var results = body["contents"]![2]!["parts"]!.AsArray();
        Assert.Equal(2, results.Count);
        Assert.Equal("get_forecast", (string?)results[0]!["functionResponse"]!["name"]);
        Assert.Equal("rain", (string?)results[0]!["functionResponse"]!["response"]!["forecast"]);
        Assert.Equal("get_weather", (string?)results[1]!["functionResponse"]!["name"]);
        Assert.Equal("12 degrees", (string?)results[1]!["functionResponse"]!["response"]!["result"]);
    }

    [Fact]
    public async Task Ids_and_thought_signatures_gemini_gave_go_back_with_the_call_and_its_result()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithFunctionCalls(new FakeGeminiFunctionCall("get_weather", """{"city":"Utrecht"}""", Id: "fc-7") { ThoughtSignature = "c2lnbmF0dXJl" }));
        var provider = ApiKeyAdapter(fake);
        var first = await provider.ChatAsync(Question("Weather?") with { Tools = [new ToolDefinition("get_weather", null, WeatherSchema)] }, CancellationToken.None);
        var call = Assert.Single(first.ToolCalls);

        await provider.ChatAsync(Question() with
        {
            Messages = [ChatMessage.User("Weather?"), ChatMessage.Assistant(null, [call]), ChatMessage.ToolResult(call.Id, "[12, 13]")],
        }, CancellationToken.None);

        Assert.StartsWith("fc-7", call.Id, StringComparison.Ordinal);
        var body = fake.LastBody;
        var sentCall = Part(body, 1, 0);
        Assert.Equal("fc-7", (string?)sentCall["functionCall"]!["id"]);
        Assert.Equal("c2lnbmF0dXJl", (string?)sentCall["thoughtSignature"]);
        Assert.Single(body["contents"]![1]!["parts"]!.AsArray());
        var response = Part(body, 2, 0)["functionResponse"]!;
        Assert.Equal("fc-7", (string?)response["id"]);
        Assert.Equal(13, (int?)response["response"]!["result"]![1]);
    }

    [Fact]
    public async Task A_tool_result_for_an_unknown_call_is_a_bad_request_before_anything_is_sent()
    {
        await using var fake = await FakeGeminiServer.StartAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => ApiKeyAdapter(fake).ChatAsync(
            Question() with { Messages = [ChatMessage.User("Hi"), ChatMessage.ToolResult("call_9", "x")] }, CancellationToken.None));

        Assert.Equal(LlmErrorKind.BadRequest, error.Kind);
        Assert.Contains("call_9", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }
}
