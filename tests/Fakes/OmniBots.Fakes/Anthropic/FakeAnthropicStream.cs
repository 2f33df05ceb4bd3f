using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes.Anthropic;

/// <summary>
/// A scripted reply as the Messages API's SSE events, in the documented order: message_start (input usage),
/// a ping, per content block content_block_start / content_block_delta pieces (text_delta, or input_json_delta
/// starting with an empty partial_json as the API sends) / content_block_stop, message_delta (stop_reason,
/// output usage), message_stop. Each event is <c>event: NAME</c> + <c>data: JSON</c> + a blank line.
/// </summary>
internal static class FakeAnthropicStream
{
    public static async Task WriteAsync(HttpContext context, FakeAnthropicReply reply, string model)
    {
        FakeHttpHost.StartEventStream(context, "text/event-stream; charset=utf-8");
        var sent = 0;
        foreach (var (name, payload) in Events(reply, model))
        {
            if (sent == reply.DropAfterEvents)
            {
                await FakeHttpHost.DropAsync(context);
                return;
            }
            if (sent == reply.ErrorEventAfterEvents)
            {
                await FakeHttpHost.WriteEventAsync(context, FakeAnthropicServer.ErrorBody(reply).ToJsonString(FakeAnthropicServer.Wire), "error");
                return;
            }
            if (reply.OmitMessageStop && name == "message_stop")
            {
                return;
            }
            if (sent > 0 && reply.EventDelay > TimeSpan.Zero)
            {
                await Task.Delay(reply.EventDelay, context.RequestAborted);
            }
            var data = reply.Malformed && sent == 1 ? """{"type":"content_block_start","index":0,""" : payload.ToJsonString(FakeAnthropicServer.Wire);
            await FakeHttpHost.WriteEventAsync(context, data, name);
            sent++;
        }
    }

    private static IEnumerable<(string Name, JsonObject Payload)> Events(FakeAnthropicReply reply, string model)
    {
        yield return ("message_start", new JsonObject { ["type"] = "message_start", ["message"] = FakeAnthropicServer.Message(reply, model, started: true) });
        yield return ("ping", new JsonObject { ["type"] = "ping" });
        var index = 0;
        if (reply.Text is not null)
        {
            yield return Start(index, new JsonObject { ["type"] = "text", ["text"] = "" });
            foreach (var piece in Pieces(reply.Text, 5))
            {
                yield return Delta(index, new JsonObject { ["type"] = "text_delta", ["text"] = piece });
            }
            yield return Stop(index++);
        }
        foreach (var use in reply.ToolUses)
        {
            yield return Start(index, new JsonObject { ["type"] = "tool_use", ["id"] = use.Id, ["name"] = use.Name, ["input"] = new JsonObject() });
            foreach (var piece in Pieces(use.InputJson, 8).Prepend(""))
            {
                yield return Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece });
            }
            yield return Stop(index++);
        }
        yield return ("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = reply.EffectiveStopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = reply.OutputTokens },
        });
        yield return ("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static (string, JsonObject) Start(int index, JsonObject block) =>
        ("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block });

    private static (string, JsonObject) Delta(int index, JsonObject delta) =>
        ("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta });

    private static (string, JsonObject) Stop(int index) =>
        ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });

    private static IEnumerable<string> Pieces(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
