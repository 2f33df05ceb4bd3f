using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Turns streamGenerateContent chunks into deltas. Each chunk is a whole GenerateContentResponse: text parts are
/// deltas, a function call arrives whole (one fragment with id, name and all arguments), <c>usageMetadata</c> is
/// cumulative (the last one counts) and <c>finishReason</c> comes on the last chunk. There is no end marker: the
/// stream is complete when the connection closes after a chunk with a finish reason.
/// </summary>
internal sealed class GeminiStreamReader(string provider)
{
    private int _calls;
    private string? _finish;
    private bool _blocked;
    private Usage? _usage;

    public IReadOnlyList<ChatDelta> Read(string data) => GeminiJson.Parse(data, provider, root =>
    {
        if (root.TryGetProperty("error", out var error))
        {
            // Google reports a failure after the stream started as a chunk with the usual error object.
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"{provider}'s stream failed: {GeminiJson.String(error, "message")}");
        }
        var deltas = new List<ChatDelta>();
        _usage = GeminiResponseReader.ReadUsage(root) ?? _usage;
        if (root.TryGetProperty("promptFeedback", out var feedback) && GeminiJson.String(feedback, "blockReason") is not null)
        {
            _blocked = true;
        }
        if (root.TryGetProperty("candidates", out var candidates) && candidates.GetArrayLength() > 0)
        {
            var candidate = candidates[0];
            foreach (var part in GeminiResponseReader.Parts(candidate))
            {
                if (GeminiResponseReader.TextOf(part) is { Length: > 0 } text)
                {
                    deltas.Add(new ChatDelta { Text = text });
                }
                if (GeminiResponseReader.CallOf(part, _calls) is { } call)
                {
                    deltas.Add(new ChatDelta { ToolCall = new ToolCallFragment(_calls++, call.Id, call.Name, call.ArgumentsJson) });
                }
            }
            _finish = GeminiJson.String(candidate, "finishReason") ?? _finish;
        }
        return deltas;
    });

    /// <summary>After the connection closed: the finish reason and usage, or StreamInterrupted if no finish ever came.</summary>
    public IEnumerable<ChatDelta> End()
    {
        if (_finish is null && !_blocked)
        {
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"{provider}'s stream ended without a finish reason.");
        }
        yield return new ChatDelta { FinishReason = _blocked && _finish is null ? FinishReason.ContentFilter : GeminiResponseReader.Finish(_finish, _calls > 0) };
        if (_usage is { } usage)
        {
            yield return new ChatDelta { Usage = usage };
        }
    }
}
