using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

public sealed partial class FakeOpenAiServer
{
    /// <summary>A chat completion as JSON, or as SSE chunks when the request asks to stream.</summary>
    private async Task ChatAsync(HttpContext context, bool azure, string? deployment)
    {
        var (body, reply) = await ReceiveAsync(context, azure);
        if (reply is null)
        {
            return;
        }
        var json = JsonNode.Parse(body)!;
        var model = deployment ?? json["model"]!.GetValue<string>();
        if (json["stream"]?.GetValue<bool>() == true)
        {
            var includeUsage = json["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
            await FakeOpenAiStream.WriteAsync(context, reply, model, includeUsage, azure);
            return;
        }
        if (reply.Malformed)
        {
            await WriteRawAsync(context, """{"id":"chatcmpl-broken","choices":[{"message":""");
            return;
        }
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            })]);
        }
        var choice = new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = reply.Finish };
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(choice),
            ["usage"] = FakeOpenAiStream.Usage(reply),
        };
        if (azure)
        {
            choice["content_filter_results"] = ContentFilterResults(reply.Finish == "content_filter");
            completion["prompt_filter_results"] = PromptFilterResults();
        }
        await context.Response.WriteAsJsonAsync(completion);
    }
}
