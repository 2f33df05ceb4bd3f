using OmniBots.Fakes.Anthropic;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers.Anthropic;
using Xunit;
using static OmniBots.Gateway.Tests.Anthropic.AnthropicTestKit;

namespace OmniBots.Gateway.Tests.Anthropic;

public sealed class AnthropicChatTests
{
    [Fact]
    public async Task Chat_returns_text_finish_usage_and_model_and_sends_the_documented_request()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithText("Hello there.") with { InputTokens = 21, OutputTokens = 4 });

        var response = await Provider(fake).ChatAsync(Question() with { Temperature = 0.2, MaxTokens = 50, Stop = ["END"] }, CancellationToken.None);

        Assert.Equal("Hello there.", response.Text);
        Assert.Empty(response.ToolCalls);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage(21, 4), response.Usage);
        Assert.Equal(Model, response.Model);
        var request = fake.Requests.Single();
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal(FakeAnthropicServer.ApiKey, request.ApiKey);
        Assert.Equal("2023-06-01", request.Version);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        var sent = fake.LastBody;
        Assert.Equal(Model, (string?)sent["model"]);
        Assert.Equal(50, (int?)sent["max_tokens"]);
        Assert.Equal(0.2, (double?)sent["temperature"]);
        Assert.Equal("END", (string?)sent["stop_sequences"]![0]);
        Assert.Null(sent["stream"]);
        Assert.Equal("Be brief.", (string?)sent["system"]);
        var message = Assert.Single(sent["messages"]!.AsArray())!;
        Assert.Equal("user", (string?)message["role"]);
        Assert.Equal("Say hello", (string?)message["content"]![0]!["text"]);
    }

    [Fact]
    public async Task System_messages_context_passages_and_the_json_instruction_go_to_top_level_system()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        var request = new ChatRequest
        {
            Model = Model,
            Messages = [ChatMessage.System("Be brief."), ChatMessage.User("Hi"), ChatMessage.Assistant("Hello!"), ChatMessage.System("Answer in Dutch."), ChatMessage.User("Opening hours?")],
            Context = [new ContextPassage("kb-9", "Hours", "We open at nine.")],
            ResponseFormat = ResponseFormat.JsonObject,
        };

        await Provider(fake).ChatAsync(request, CancellationToken.None);

        var sent = fake.LastBody;
        var system = (string?)sent["system"];
        Assert.Equal(
            "Be brief.\n\nAnswer in Dutch.\n\nContext passages:\n[kb-9] Hours\nWe open at nine.\n\n" + AnthropicRequestWriter.JsonInstruction,
            system);
        Assert.Equal(["user", "assistant", "user"], sent["messages"]!.AsArray().Select(m => (string?)m!["role"]));
        Assert.Equal(AnthropicRequestWriter.DefaultMaxTokens, (int?)sent["max_tokens"]);
    }

    [Fact]
    public async Task Tool_definitions_go_out_and_tool_use_comes_back_as_tool_calls()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithToolUses(
            new FakeToolUse("toolu_01", "get_weather", """{"city":"Utrecht"}"""),
            new FakeToolUse("toolu_02", "get_weather", """{"city":"Delft"}""")) with { Text = "Let me check both." });
        var request = Question("Weather in Utrecht and Delft?") with
        {
            Tools = [new ToolDefinition("get_weather", "Current weather", WeatherSchema)],
            ToolChoice = ToolChoice.Function("get_weather"),
        };

        var response = await Provider(fake).ChatAsync(request, CancellationToken.None);

        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("Let me check both.", response.Text);
        Assert.Equal(
            [new ToolCall("toolu_01", "get_weather", """{"city":"Utrecht"}"""), new ToolCall("toolu_02", "get_weather", """{"city":"Delft"}""")],
            response.ToolCalls);
        var sent = fake.LastBody;
        var tool = sent["tools"]![0]!;
        Assert.Equal("get_weather", (string?)tool["name"]);
        Assert.Equal("Current weather", (string?)tool["description"]);
        Assert.Equal("city", (string?)tool["input_schema"]!["required"]![0]);
        Assert.Equal("tool", (string?)sent["tool_choice"]!["type"]);
        Assert.Equal("get_weather", (string?)sent["tool_choice"]!["name"]);
    }

    [Fact]
    public async Task Tool_results_go_back_merged_into_one_user_message_after_the_tool_use()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(FakeAnthropicReply.WithText("Utrecht 12, Delft 14 degrees."));
        var request = Question() with
        {
            Messages =
            [
                ChatMessage.User("Weather in Utrecht and Delft?"),
                ChatMessage.Assistant("Let me check both.", [new ToolCall("toolu_01", "get_weather", """{"city":"Utrecht"}"""), new ToolCall("toolu_02", "get_weather", """{"city":"Delft"}""")]),
                ChatMessage.ToolResult("toolu_01", "12 degrees"),
                ChatMessage.ToolResult("toolu_02", "14 degrees"),
            ],
            Tools = [new ToolDefinition("get_weather", "Current weather", WeatherSchema)],
        };

        // The fake refuses unanswered tool_use ids and consecutive user turns with a 400, as Anthropic does.
        var response = await Provider(fake).ChatAsync(request, CancellationToken.None);

        Assert.Equal("Utrecht 12, Delft 14 degrees.", response.Text);
        var messages = fake.LastBody["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => (string?)m!["role"]));
        var assistant = messages[1]!["content"]!.AsArray();
        Assert.Equal(["text", "tool_use", "tool_use"], assistant.Select(b => (string?)b!["type"]));
        Assert.Equal("toolu_01", (string?)assistant[1]!["id"]);
        Assert.Equal("Utrecht", (string?)assistant[1]!["input"]!["city"]);
        var results = messages[2]!["content"]!.AsArray();
        Assert.Equal(["tool_result", "tool_result"], results.Select(b => (string?)b!["type"]));
        Assert.Equal(["toolu_01", "toolu_02"], results.Select(b => (string?)b!["tool_use_id"]));
        Assert.Equal("14 degrees", (string?)results[1]!["content"]);
        Assert.Null(fake.LastBody["tool_choice"]);
    }

    [Theory]
    [InlineData(ToolChoiceKind.Auto, "auto")]
    [InlineData(ToolChoiceKind.None, "none")]
    [InlineData(ToolChoiceKind.Required, "any")]
    public async Task Tool_choices_map_to_anthropic_types(ToolChoiceKind kind, string expected)
    {
        await using var fake = await FakeAnthropicServer.StartAsync();

        await Provider(fake).ChatAsync(Question() with { Tools = [new ToolDefinition("f", null, WeatherSchema)], ToolChoice = new ToolChoice(kind) }, CancellationToken.None);

        Assert.Equal(expected, (string?)fake.LastBody["tool_choice"]!["type"]);
        Assert.Null(fake.LastBody["tools"]![0]!["description"]);
    }

    [Theory]
    [InlineData("end_turn", FinishReason.Stop)]
    [InlineData("stop_sequence", FinishReason.Stop)]
    [InlineData("max_tokens", FinishReason.Length)]
    [InlineData("refusal", FinishReason.ContentFilter)]
    [InlineData("pause_turn", FinishReason.Unknown)]
    public async Task Stop_reasons_map_to_finish_reasons(string stopReason, FinishReason expected)
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.Enqueue(new FakeAnthropicReply { StopReason = stopReason });

        var response = await Provider(fake).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal(expected, response.FinishReason);
    }

    [Fact]
    public async Task Embeddings_are_refused_as_a_bad_request_without_calling_anthropic()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => Provider(fake).EmbedAsync(new EmbeddingRequest("claude", ["x"]), CancellationToken.None));

        Assert.Equal(LlmErrorKind.BadRequest, error.Kind);
        Assert.Contains("no embeddings", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }
}
