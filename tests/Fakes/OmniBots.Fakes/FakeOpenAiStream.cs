using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>
/// A scripted reply as Chat Completions SSE, chunked the way OpenAI does: a role chunk, content in
/// small pieces, each tool call as a first fragment (index, id, name, empty arguments) followed by
/// argument pieces, a finish chunk, the usage chunk (empty choices) when asked, then <c>[DONE]</c>.
/// </summary>
internal static class FakeOpenAiStream
{
    public static JsonObject Usage(FakeOpenAiReply reply) => new()
    {
        ["prompt_tokens"] = reply.PromptTokens,
        ["completion_tokens"] = reply.CompletionTokens,
        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
    };

    /// <summary>
    /// With <paramref name="azure"/>, first Azure's prompt-filter chunk (empty choices; not counted by
    /// <see cref="FakeOpenAiReply.DropAfterEvents"/>) and <c>content_filter_results</c> on every choice.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, FakeOpenAiReply reply, string model, bool includeUsage, bool azure)
    {
        FakeHttpHost.StartEventStream(context);
        if (azure)
        {
            var annotation = new JsonObject { ["id"] = "", ["object"] = "", ["created"] = 0, ["model"] = "", ["choices"] = new JsonArray(), ["prompt_filter_results"] = FakeOpenAiServer.PromptFilterResults() };
            await FakeHttpHost.WriteEventAsync(context, annotation.ToJsonString());
        }
        var sent = 0;
        foreach (var payload in Events(reply, includeUsage))
        {
            if (sent > 0 && reply.EventDelay > TimeSpan.Zero)
            {
                await Task.Delay(reply.EventDelay, context.RequestAborted);
            }
            if (azure && payload["choices"] is JsonArray { Count: > 0 } choices)
            {
                choices[0]!["content_filter_results"] = FakeOpenAiServer.ContentFilterResults(reply.Finish == "content_filter");
            }
            if (sent == reply.DropAfterEvents)
            {
                await FakeHttpHost.DropAsync(context);
                return;
            }
            var data = reply.Malformed && sent == 1 ? "{\"id\":\"chatcmpl-fake\",\"choices\":[{" : Wrap(payload, model).ToJsonString();
            await FakeHttpHost.WriteEventAsync(context, data);
            sent++;
        }
        await FakeHttpHost.WriteEventAsync(context, "[DONE]");
    }

    private static JsonObject Wrap(JsonObject payload, string model)
    {
        payload["id"] = "chatcmpl-fake";
        payload["object"] = "chat.completion.chunk";
        payload["created"] = 1_700_000_000;
        payload["model"] = model;
        payload["choices"] ??= new JsonArray();
        return payload;
    }

    private static IEnumerable<JsonObject> Events(FakeOpenAiReply reply, bool includeUsage)
    {
        yield return Choice(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        foreach (var piece in Pieces(reply.Text ?? "", 5))
        {
            yield return Choice(new JsonObject { ["content"] = piece }, null);
        }
        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            yield return ToolFragment(new JsonObject { ["index"] = i, ["id"] = call.Id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" } });
            foreach (var piece in Pieces(call.Arguments, 8))
            {
                yield return ToolFragment(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = piece } });
            }
        }
        yield return Choice(new JsonObject(), reply.Finish);
        if (includeUsage)
        {
            yield return new JsonObject { ["choices"] = new JsonArray(), ["usage"] = Usage(reply) };
        }
    }

    private static JsonObject ToolFragment(JsonObject call) => Choice(new JsonObject { ["tool_calls"] = new JsonArray(call) }, null);

    private static JsonObject Choice(JsonObject delta, string? finish) => new()
    {
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish }),
    };

    private static IEnumerable<string> Pieces(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
