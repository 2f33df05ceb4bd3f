using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Tests.Pipeline;
using OpenAI.Chat;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.OpenAiApi;

/// <summary>The /v1 API as the official OpenAI .NET SDK uses it, against the real host and a fake OpenAI upstream.</summary>
public sealed class OpenAiSdkTests(OpenAiSdkTests.Fixture fixture) : IClassFixture<OpenAiSdkTests.Fixture>
{
    public sealed class Fixture : GatewayApiFixture;

    private static readonly string[] OfflineOnly = [BuiltInModels.OfflineChat];
    private static readonly string[] Gpt4oOnly = ["gpt-4o"];
    private static readonly string[] TwoStops = ["a", "b"];
    private const string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

    [Fact]
    public async Task Chat_completion_answers_through_the_upstream_and_reports_the_route_in_headers()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);
        fixture.Upstream.Enqueue(FakeOpenAiReply.WithText("Bonjour from upstream."));

        var result = await fixture.OpenAi(key).GetChatClient("gpt-4o-mini").CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Say hello in French")],
            new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 50, StopSequences = { "END" } });

        Assert.Equal("Bonjour from upstream.", result.Value.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, result.Value.FinishReason);
        Assert.Equal(11, result.Value.Usage.InputTokenCount);
        Assert.Equal(7, result.Value.Usage.OutputTokenCount);
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-omnibots-endpoint", out var endpoint));
        Assert.Equal("fake upstream", endpoint);
        Assert.True(headers.TryGetValue("x-omnibots-attempts", out var attempts));
        Assert.Equal("1", attempts);
        var sent = fixture.Upstream.LastBody;
        Assert.Equal("Say hello in French", sent["messages"]![1]!["content"]!.GetValue<string>());
        Assert.Equal(50, sent["max_tokens"]?.GetValue<int>() ?? sent["max_completion_tokens"]!.GetValue<int>());
        Assert.Equal("END", sent["stop"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Streaming_arrives_as_chunks_with_usage_and_ends_cleanly()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);
        fixture.Upstream.Enqueue(FakeOpenAiReply.WithText("one two three"));

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in fixture.OpenAi(key).GetChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage("Count")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("one two three", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(7, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Raw_stream_is_openai_sse_with_done_and_usage_chunk_when_asked()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);

        var response = await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions",
            new { model = "gpt-4o-mini", stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var usage = JsonDocument.Parse(events[^2]["data: ".Length..]).RootElement;
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(18, usage.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        var first = JsonDocument.Parse(events[0]["data: ".Length..]).RootElement;
        Assert.Equal("chat.completion.chunk", first.GetProperty("object").GetString());
        Assert.Equal("assistant", first.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Tool_calls_round_trip_through_the_sdk()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);
        var chat = fixture.OpenAi(key).GetChatClient("gpt-4o-mini");
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather in a city", BinaryData.FromString(WeatherSchema)) },
            ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather"),
        };
        fixture.Upstream.Enqueue(FakeOpenAiReply.WithToolCalls(new FakeToolCall("call_1", "get_weather", """{"city":"Paris"}""")));
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        var first = (await chat.CompleteChatAsync(messages, options)).Value;

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());
        Assert.Equal("get_weather", fixture.Upstream.LastBody["tool_choice"]!["function"]!["name"]!.GetValue<string>());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "Sunny, 21 C"));
        fixture.Upstream.Enqueue(FakeOpenAiReply.WithText("It is sunny in Paris."));
        var second = (await chat.CompleteChatAsync(messages, options)).Value;

        Assert.Equal("It is sunny in Paris.", second.Content[0].Text);
        var sent = fixture.Upstream.LastBody["messages"]!.AsArray();
        Assert.Equal("call_1", sent[1]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("tool", sent[2]!["role"]!.GetValue<string>());
        Assert.Equal("call_1", sent[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("Sunny, 21 C", sent[2]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streamed_tool_call_fragments_reassemble_in_the_sdk()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);
        fixture.Upstream.Enqueue(FakeOpenAiReply.WithToolCalls(new FakeToolCall("call_9", "get_weather", """{"city":"Oslo"}""")));
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", null, BinaryData.FromString(WeatherSchema)) } };

        string? id = null, name = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in fixture.OpenAi(key).GetChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage("Oslo?")], options))
        {
            foreach (var fragment in update.ToolCallUpdates)
            {
                id ??= fragment.ToolCallId;
                name ??= fragment.FunctionName;
                arguments.Append(fragment.FunctionArgumentsUpdate?.ToString());
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal("call_9", id);
        Assert.Equal("get_weather", name);
        Assert.Equal("""{"city":"Oslo"}""", arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task Embeddings_work_in_the_sdk_default_base64_and_in_float()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);

        var embeddings = (await fixture.OpenAi(key).GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingsAsync(["abc", "hello"])).Value;

        Assert.Equal([3f, 0f, 1f], embeddings[0].ToFloats().ToArray());
        Assert.Equal([5f, 1f, 1f], embeddings[1].ToFloats().ToArray());
        var floats = await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/embeddings",
            new { model = "text-embedding-3-small", input = "abcd", encoding_format = "float" }), HttpStatusCode.OK);
        Assert.Equal(4, floats.GetProperty("data")[0].GetProperty("embedding")[0].GetDouble());
    }

    [Fact]
    public async Task Models_list_what_the_key_may_use()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, all) = await fixture.CreateKeyAsync(token);
        var (_, onlyOffline) = await fixture.CreateKeyAsync(token, new { name = "offline only", allowedModels = OfflineOnly });

        var everything = (await fixture.OpenAi(all).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToList();
        var narrowed = (await fixture.OpenAi(onlyOffline).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToList();
        var one = (await fixture.OpenAi(all).GetOpenAIModelClient().GetModelAsync(BuiltInModels.OfflineEmbeddings)).Value;

        Assert.Contains(BuiltInModels.OfflineChat, everything);
        Assert.Contains(BuiltInModels.OfflineEmbeddings, everything);
        Assert.Equal([BuiltInModels.OfflineChat], narrowed);
        Assert.Equal(BuiltInModels.OfflineEmbeddings, one.Id);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => fixture.OpenAi(onlyOffline).GetOpenAIModelClient().GetModelAsync(BuiltInModels.OfflineEmbeddings));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task An_invalid_key_gets_openais_401()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            fixture.OpenAi("obk-aaaaaaaaaaaa" + new string('A', 43)).GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, error.Status);

        var body = await JsonAsync(await fixture.V1Async("sk-not-ours", HttpMethod.Get, "/v1/models"), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_api_key", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_model_the_key_may_not_use_is_refused_with_403()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token, new { name = "narrow", allowedModels = Gpt4oOnly });
        var before = fixture.Upstream.Requests.Count;

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            fixture.OpenAi(key).GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(403, error.Status);
        var body = await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions",
            new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } } }), HttpStatusCode.Forbidden);
        Assert.Equal("model_not_allowed", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("model", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(before, fixture.Upstream.Requests.Count);
    }

    [Fact]
    public async Task A_key_over_its_request_limit_gets_429_with_retry_after()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token, new { name = "slow", rpmLimit = 2 });
        var chat = fixture.OpenAi(key).GetChatClient("gpt-4o-mini");
        await chat.CompleteChatAsync([new UserChatMessage("1")]);
        await chat.CompleteChatAsync([new UserChatMessage("2")]);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("3")]));
        Assert.Equal(429, error.Status);
        Assert.True(error.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retry));
        Assert.InRange(int.Parse(retry!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task Invalid_requests_get_400_naming_the_parameter()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);

        var noMessages = await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", new { model = "gpt-4o-mini" }), HttpStatusCode.BadRequest);
        var badTemperature = await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions",
            new { model = "gpt-4o-mini", temperature = 7, messages = new[] { new { role = "user", content = "hi" } } }), HttpStatusCode.BadRequest);
        var badFormat = await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/embeddings",
            new { model = "e", input = "x", encoding_format = "int8" }), HttpStatusCode.BadRequest);

        Assert.Equal("messages", noMessages.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("temperature", badTemperature.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("encoding_format", badFormat.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Json_object_format_and_max_completion_tokens_reach_the_upstream()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);

        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", new
        {
            model = "gpt-4o-mini",
            response_format = new { type = "json_object" },
            max_completion_tokens = 33,
            stop = TwoStops,
            messages = new object[] { new { role = "developer", content = "Answer in JSON" }, new { role = "user", content = new[] { new { type = "text", text = "hi" } } } },
        }), HttpStatusCode.OK);

        var sent = fixture.Upstream.LastBody;
        Assert.Equal("json_object", sent["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal(33, sent["max_tokens"]?.GetValue<int>() ?? sent["max_completion_tokens"]!.GetValue<int>());
        Assert.Equal(2, sent["stop"]!.AsArray().Count);
        Assert.Equal("hi", sent["messages"]![1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_above_the_host_wide_one_megabyte_default_are_accepted()
    {
        var (_, token) = await fixture.AdminAsync();
        var (_, key) = await fixture.CreateKeyAsync(token);
        var longContext = new string('x', 2 * 1024 * 1024);

        await JsonAsync(await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions",
            new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = longContext } } }), HttpStatusCode.OK);

        Assert.Equal(longContext.Length, fixture.Upstream.LastBody["messages"]![0]!["content"]!.GetValue<string>().Length);
    }
}
