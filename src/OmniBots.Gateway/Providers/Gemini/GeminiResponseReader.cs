using System.Text;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>Reads a GenerateContentResponse (the whole answer, or one streamed chunk of it).</summary>
internal static class GeminiResponseReader
{
    public static ChatResponse Chat(string body, string provider) => GeminiJson.Parse(body, provider, root =>
    {
        var usage = ReadUsage(root);
        var model = GeminiJson.String(root, "modelVersion");
        if (!root.TryGetProperty("candidates", out var candidates) || candidates.GetArrayLength() == 0)
        {
            // The prompt itself was blocked: promptFeedback.blockReason, no candidate at all.
            _ = root.GetProperty("promptFeedback").GetProperty("blockReason").GetString();
            return new ChatResponse { FinishReason = FinishReason.ContentFilter, Usage = usage, Model = model };
        }
        var candidate = candidates[0];
        var text = new StringBuilder();
        var calls = new List<ToolCall>();
        foreach (var part in Parts(candidate))
        {
            if (TextOf(part) is { } piece)
            {
                text.Append(piece);
            }
            if (CallOf(part, calls.Count) is { } call)
            {
                calls.Add(call);
            }
        }
        return new ChatResponse
        {
            Text = text.Length > 0 ? text.ToString() : null,
            ToolCalls = calls,
            FinishReason = Finish(GeminiJson.String(candidate, "finishReason"), calls.Count > 0),
            Usage = usage,
            Model = model,
        };
    });

    /// <summary>The candidate's parts; a candidate stopped for safety may have no content at all.</summary>
    public static IEnumerable<JsonElement> Parts(JsonElement candidate) =>
        candidate.TryGetProperty("content", out var content) && content.TryGetProperty("parts", out var parts)
            ? parts.EnumerateArray()
            : [];

    /// <summary>Visible text; thinking models' thought summaries (<c>"thought": true</c>) are not part of the answer.</summary>
    public static string? TextOf(JsonElement part) =>
        part.TryGetProperty("thought", out var thought) && thought.ValueKind == JsonValueKind.True ? null : GeminiJson.String(part, "text");

    public static ToolCall? CallOf(JsonElement part, int index)
    {
        if (!part.TryGetProperty("functionCall", out var call))
        {
            return null;
        }
        var args = call.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Object ? a.GetRawText() : "{}";
        var id = GeminiToolIds.Compose(GeminiJson.String(call, "id"), index, GeminiJson.String(part, "thoughtSignature"));
        return new ToolCall(id, call.GetProperty("name").GetString()!, args);
    }

    /// <summary>Thinking tokens (<c>thoughtsTokenCount</c>) are billed as output, so they count as output here.</summary>
    public static Usage? ReadUsage(JsonElement root) =>
        root.TryGetProperty("usageMetadata", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new Usage(GeminiJson.Int(usage, "promptTokenCount"), GeminiJson.Int(usage, "candidatesTokenCount") + GeminiJson.Int(usage, "thoughtsTokenCount"))
            : null;

    public static FinishReason Finish(string? reason, bool calledFunctions) => reason switch
    {
        "STOP" => calledFunctions ? FinishReason.ToolCalls : FinishReason.Stop,
        "MAX_TOKENS" => FinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" => FinishReason.ContentFilter,
        _ => calledFunctions ? FinishReason.ToolCalls : FinishReason.Unknown,
    };
}
