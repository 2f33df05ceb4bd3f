using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>
/// Turns the Messages API's SSE events into deltas. Anthropic numbers content blocks across text and
/// tool_use; the gateway numbers tool calls among themselves, so each tool_use block gets the next
/// ordinal as its <see cref="ToolCallFragment.Index"/>. Usage arrives in two halves (input tokens in
/// message_start, output tokens in message_delta) and is emitted once, with the finish reason, at message_stop.
/// </summary>
internal sealed class AnthropicStreamDecoder
{
    private readonly Dictionary<int, ToolBlock> _tools = [];
    private int _inputTokens;
    private int _outputTokens;
    private string? _stopReason;

    /// <summary>message_stop arrived: the stream is complete.</summary>
    public bool Completed { get; private set; }

    /// <summary>Something was handed to the caller; an error after this point is a broken stream, not a retryable failure.</summary>
    public bool Started { get; private set; }

    public IReadOnlyList<ChatDelta> Decode(string? eventName, string data)
    {
        var deltas = AnthropicResponseReader.Parse(data, root => Handle(eventName, root));
        Started |= deltas.Count > 0;
        return deltas;
    }

    private List<ChatDelta> Handle(string? eventName, JsonElement root)
    {
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : eventName;
        switch (type)
        {
            case "message_start":
                ReadUsage(root.GetProperty("message").GetProperty("usage"));
                return [];
            case "content_block_start":
                return BlockStart(root.GetProperty("index").GetInt32(), root.GetProperty("content_block"));
            case "content_block_delta":
                return BlockDelta(root.GetProperty("index").GetInt32(), root.GetProperty("delta"));
            case "content_block_stop":
                return BlockStop(root.GetProperty("index").GetInt32());
            case "message_delta":
                _stopReason = root.GetProperty("delta").TryGetProperty("stop_reason", out var reason) ? reason.GetString() : _stopReason;
                if (root.TryGetProperty("usage", out var usage))
                {
                    ReadUsage(usage);
                }
                return [];
            case "message_stop":
                Completed = true;
                return
                [
                    new ChatDelta { FinishReason = AnthropicResponseReader.Finish(_stopReason) },
                    new ChatDelta { Usage = new Usage(_inputTokens, _outputTokens) },
                ];
            case "error":
                throw StreamError(root.GetProperty("error"));
            default:
                // ping, and event types Anthropic may add later (its versioning policy says to ignore them).
                return [];
        }
    }

    private List<ChatDelta> BlockStart(int index, JsonElement block)
    {
        if (block.GetProperty("type").GetString() != "tool_use")
        {
            return [];
        }
        var tool = new ToolBlock(_tools.Count);
        _tools[index] = tool;
        return [new ChatDelta { ToolCall = new ToolCallFragment(tool.Ordinal, block.GetProperty("id").GetString(), block.GetProperty("name").GetString(), null) }];
    }

    private List<ChatDelta> BlockDelta(int index, JsonElement delta)
    {
        switch (delta.GetProperty("type").GetString())
        {
            case "text_delta" when delta.GetProperty("text").GetString() is { Length: > 0 } text:
                return [new ChatDelta { Text = text }];
            case "input_json_delta" when delta.GetProperty("partial_json").GetString() is { Length: > 0 } piece && _tools.TryGetValue(index, out var tool):
                tool.SawArguments = true;
                return [new ChatDelta { ToolCall = new ToolCallFragment(tool.Ordinal, null, null, piece) }];
            default:
                // Empty pieces, thinking_delta, signature_delta, citations_delta.
                return [];
        }
    }

    private List<ChatDelta> BlockStop(int index) =>
        // A tool without parameters streams no JSON at all; "{}" keeps the reassembled call equal to the non-streamed one.
        _tools.TryGetValue(index, out var tool) && !tool.SawArguments
            ? [new ChatDelta { ToolCall = new ToolCallFragment(tool.Ordinal, null, null, "{}") }]
            : [];

    private void ReadUsage(JsonElement usage)
    {
        // message_delta's counts are cumulative; newer API versions repeat input_tokens there too.
        if (usage.TryGetProperty("input_tokens", out var input) && input.ValueKind == JsonValueKind.Number)
        {
            _inputTokens = input.GetInt32();
        }
        if (usage.TryGetProperty("output_tokens", out var output) && output.ValueKind == JsonValueKind.Number)
        {
            _outputTokens = output.GetInt32();
        }
    }

    private LlmProviderException StreamError(JsonElement error)
    {
        var type = error.TryGetProperty("type", out var t) ? t.GetString() : null;
        var message = $"Anthropic's stream reported {type}: {(error.TryGetProperty("message", out var m) ? m.GetString() : null)}";
        // Before anything reached the caller the failure is as retryable as an HTTP error; after, it is a broken stream.
        return Started
            ? new LlmProviderException(LlmErrorKind.StreamInterrupted, message)
            : new LlmProviderException(AnthropicErrors.KindOf(type, null), message);
    }

    private sealed class ToolBlock(int ordinal)
    {
        public int Ordinal { get; } = ordinal;
        public bool SawArguments { get; set; }
    }
}
