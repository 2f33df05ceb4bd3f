using System.Text.Json.Nodes;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using Xunit;
using static OmniBots.Gateway.Tests.Gemini.GeminiTestKit;

namespace OmniBots.Gateway.Tests.Gemini;

public sealed class GeminiChatTests
{
    [Fact]
    public async Task Chat_returns_text_finish_usage_and_sends_the_generate_content_wire_format()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithText("Hello there.") with { PromptTokens = 21, CandidatesTokens = 4 });
        var request = Question() with { Temperature = 0.2, MaxTokens = 50, Stop = ["END"], ResponseFormat = ResponseFormat.JsonObject };

        var response = await ApiKeyAdapter(fake).ChatAsync(request, CancellationToken.None);

        Assert.Equal("Hello there.", response.Text);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage(21, 4), response.Usage);
        Assert.Equal(Model, response.Model);
        var sent = fake.Requests.Single();
        Assert.Equal($"/v1beta/models/{Model}:generateContent", sent.Path);
        Assert.Equal(FakeGeminiServer.ApiKey, sent.ApiKey);
        Assert.Null(sent.Authorization);
        var body = fake.LastBody;
        Assert.Equal(0.2, (double?)body["generationConfig"]!["temperature"]);
        Assert.Equal(50, (int?)body["generationConfig"]!["maxOutputTokens"]);
        Assert.Equal("END", (string?)body["generationConfig"]!["stopSequences"]![0]);
        Assert.Equal("application/json", (string?)body["generationConfig"]!["responseMimeType"]);
        var contents = body["contents"]!.AsArray();
        Assert.Equal("user", (string?)Assert.Single(contents)!["role"]);
        Assert.Equal("Say hello", (string?)contents[0]!["parts"]![0]!["text"]);
    }

    [Fact]
    public async Task System_messages_and_context_passages_go_to_system_instruction_not_contents()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var request = Question() with
        {
            Messages = [ChatMessage.System("Be brief."), ChatMessage.User("Hi"), ChatMessage.Assistant("Hello!"), ChatMessage.System("Answer in Dutch."), ChatMessage.User("Opening hours?")],
            Context = [new ContextPassage("kb-9", "Opening hours", "We open at nine.")],
        };

        await ApiKeyAdapter(fake).ChatAsync(request, CancellationToken.None);

        var body = fake.LastBody;
        var system = body["systemInstruction"]!["parts"]!.AsArray().Select(p => (string?)p!["text"]).ToList();
        Assert.Equal("Be brief.", system[0]);
        Assert.Equal("Answer in Dutch.", system[1]);
        Assert.Contains("[kb-9] Opening hours\nWe open at nine.", system[2], StringComparison.Ordinal);
        Assert.Equal(["user", "model", "user"], body["contents"]!.AsArray().Select(c => (string?)c!["role"]));
        Assert.DoesNotContain("Be brief.", body["contents"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(body["generationConfig"]);
    }

    [Theory]
    [InlineData("MAX_TOKENS", FinishReason.Length)]
    [InlineData("SAFETY", FinishReason.ContentFilter)]
    [InlineData("RECITATION", FinishReason.ContentFilter)]
    [InlineData("BLOCKLIST", FinishReason.ContentFilter)]
    [InlineData("PROHIBITED_CONTENT", FinishReason.ContentFilter)]
    [InlineData("OTHER", FinishReason.Unknown)]
    public async Task Finish_reasons_map_to_the_contract(string geminiReason, FinishReason expected)
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(FakeGeminiReply.WithText("Partial") with { FinishReason = geminiReason });

        var response = await ApiKeyAdapter(fake).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal(expected, response.FinishReason);
    }

    [Fact]
    public async Task A_blocked_prompt_is_a_content_filter_finish_with_no_text()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        fake.Enqueue(new FakeGeminiReply { BlockReason = "SAFETY", PromptTokens = 9 });

        var response = await ApiKeyAdapter(fake).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal(FinishReason.ContentFilter, response.FinishReason);
        Assert.Null(response.Text);
        Assert.Empty(response.ToolCalls);
        Assert.Equal(9, response.Usage!.InputTokens);
    }

    [Fact]
    public async Task Json_schema_keywords_gemini_refuses_are_dropped_and_types_upper_cased()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var schema = System.Text.Json.JsonDocument.Parse("""
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "properties":{"additionalProperties":{"type":["string","null"],"description":"a property named like a keyword"},
                           "tags":{"type":"array","items":{"type":"string","const":"x"},"uniqueItems":true},
                           "unit":{"type":"string","enum":["c","f"]}},
             "required":["unit"]}
            """).RootElement;

        await ApiKeyAdapter(fake).ChatAsync(Question() with { Tools = [new ToolDefinition("lookup", "Looks up", schema), new ToolDefinition("ping", null, System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement)] }, CancellationToken.None);

        var declarations = fake.LastBody["tools"]![0]!["functionDeclarations"]!.AsArray();
        var parameters = declarations[0]!["parameters"]!.AsObject();
        Assert.Equal("OBJECT", (string?)parameters["type"]);
        Assert.False(parameters.ContainsKey("$schema"));
        Assert.False(parameters.ContainsKey("additionalProperties"));
        var keywordNamed = parameters["properties"]!["additionalProperties"]!;
        Assert.Equal("STRING", (string?)keywordNamed["type"]);
        Assert.True((bool?)keywordNamed["nullable"]);
        var tags = parameters["properties"]!["tags"]!.AsObject();
        Assert.False(tags.ContainsKey("uniqueItems"));
        Assert.False(tags["items"]!.AsObject().ContainsKey("const"));
        Assert.Equal(["c", "f"], parameters["properties"]!["unit"]!["enum"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("unit", (string?)parameters["required"]![0]);
        Assert.Equal("ping", (string?)declarations[1]!["name"]);
        Assert.Null(declarations[1]!["parameters"]);
        Assert.Null(declarations[1]!["description"]);
    }

    [Theory]
    [InlineData("auto", "AUTO")]
    [InlineData("none", "NONE")]
    [InlineData("required", "ANY")]
    [InlineData("specific", "ANY")]
    public async Task Tool_choice_becomes_a_function_calling_mode(string choice, string mode)
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var toolChoice = choice switch
        {
            "auto" => ToolChoice.Auto,
            "none" => ToolChoice.None,
            "required" => ToolChoice.Required,
            _ => ToolChoice.Function("get_weather"),
        };

        await ApiKeyAdapter(fake).ChatAsync(Question() with { Tools = [new ToolDefinition("get_weather", null, WeatherSchema)], ToolChoice = toolChoice }, CancellationToken.None);

        var config = fake.LastBody["toolConfig"]!["functionCallingConfig"]!;
        Assert.Equal(mode, (string?)config["mode"]);
        Assert.Equal(choice == "specific" ? ["get_weather"] : [], config["allowedFunctionNames"]?.AsArray().Select(n => (string?)n) ?? []);
    }

    internal static JsonNode Part(JsonNode body, int content, int part) => body["contents"]![content]!["parts"]![part]!;
}
