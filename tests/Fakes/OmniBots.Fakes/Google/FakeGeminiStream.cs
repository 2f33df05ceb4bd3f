using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>
/// A scripted reply as streamGenerateContent with <c>alt=sse</c>: <c>data: {GenerateContentResponse}</c> events
/// separated by CRLF CRLF, as Google sends them: text in small pieces, function calls whole in one chunk, the
/// last chunk with <c>finishReason</c> and full <c>usageMetadata</c>. No end marker: the connection closes.
/// </summary>
internal static class FakeGeminiStream
{
    public static async Task WriteAsync(HttpContext context, FakeGeminiReply reply, string model)
    {
        FakeHttpHost.StartEventStream(context);
        var sent = 0;
        foreach (var chunk in Chunks(reply, model))
        {
            if (sent == reply.DropAfterEvents)
            {
                await FakeHttpHost.DropAsync(context);
                return;
            }
            var data = reply.Malformed && sent == 1 ? """{"candidates":[{"content":{""" : chunk.ToJsonString();
            // CRLF line ends, which the SSE grammar allows: the adapter must not assume "\n".
            await FakeHttpHost.WriteEventAsync(context, data, newline: "\r\n");
            sent++;
        }
    }

    private static IEnumerable<JsonObject> Chunks(FakeGeminiReply reply, string model)
    {
        if (reply.BlockReason is { } block)
        {
            yield return FakeGeminiWire.Blocked(reply, block, model);
            yield break;
        }
        foreach (var piece in Pieces(reply.Text ?? "", 5))
        {
            yield return FakeGeminiWire.Response(FakeGeminiWire.Candidate(new JsonArray(new JsonObject { ["text"] = piece }), null), FakeGeminiWire.Usage(reply, final: false), model);
        }
        if (reply.FunctionCalls.Count > 0)
        {
            var parts = new JsonArray([.. reply.FunctionCalls.Select(c => (JsonNode)FakeGeminiWire.FunctionCallPart(c))]);
            yield return FakeGeminiWire.Response(FakeGeminiWire.Candidate(parts, null), FakeGeminiWire.Usage(reply, final: false), model);
        }
        var last = FakeGeminiWire.Candidate(new JsonArray(new JsonObject { ["text"] = "" }), reply.OmitFinishReason ? null : reply.FinishReason);
        yield return FakeGeminiWire.Response(last, FakeGeminiWire.Usage(reply, final: true), model);
    }

    private static IEnumerable<string> Pieces(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
