using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>
/// Turns the gateway's messages into Anthropic's alternating user/assistant turns of content blocks:
/// assistant tool calls become <c>tool_use</c> blocks, tool messages become <c>tool_result</c> blocks of a
/// user turn, and consecutive turns of the same role are merged into one (Anthropic wants strict
/// alternation, so several tool results answering one assistant turn travel in a single user message).
/// </summary>
internal static class AnthropicTurns
{
    public static IReadOnlyList<Turn> Build(IReadOnlyList<ChatMessage> messages)
    {
        var turns = new List<Turn>();
        foreach (var message in messages.Where(m => m.Role != ChatRole.System))
        {
            var role = message.Role == ChatRole.Assistant ? "assistant" : "user";
            var blocks = Blocks(message).ToList();
            if (blocks.Count == 0)
            {
                // Anthropic refuses empty content; an empty message carries nothing for the model anyway.
                continue;
            }
            if (turns.Count > 0 && turns[^1].Role == role)
            {
                turns[^1].Blocks.AddRange(blocks);
            }
            else
            {
                turns.Add(new Turn(role, blocks));
            }
        }
        return turns;
    }

    private static IEnumerable<Block> Blocks(ChatMessage message)
    {
        if (message.Role == ChatRole.Tool)
        {
            yield return new ToolResultBlock(
                message.ToolCallId ?? throw new LlmProviderException(LlmErrorKind.BadRequest, "A tool message has no ToolCallId; Anthropic needs it to match the tool_use."),
                message.Content);
            yield break;
        }
        if (!string.IsNullOrEmpty(message.Content))
        {
            yield return new TextBlock(message.Content);
        }
        if (message.Role == ChatRole.Assistant)
        {
            foreach (var call in message.ToolCalls)
            {
                yield return new ToolUseBlock(call.Id, call.Name, Input(call));
            }
        }
    }

    /// <summary>Anthropic wants the input as a JSON object; a call with no arguments streamed in as "" means {}.</summary>
    private static JsonElement Input(ToolCall call)
    {
        var json = string.IsNullOrWhiteSpace(call.ArgumentsJson) ? "{}" : call.ArgumentsJson;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Reported below with the call's id.
        }
        throw new LlmProviderException(LlmErrorKind.BadRequest, $"Tool call {call.Id} ({call.Name}) has arguments that are not a JSON object; Anthropic's tool_use input must be one.");
    }

    internal sealed record Turn(string Role, List<Block> Blocks)
    {
        public void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("role", Role);
            w.WriteStartArray("content");
            // Anthropic wants tool_result blocks before anything else in a user turn.
            foreach (var block in Blocks.OrderBy(b => b is ToolResultBlock ? 0 : 1))
            {
                w.WriteStartObject();
                block.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    internal abstract record Block
    {
        public abstract void WriteTo(Utf8JsonWriter w);
    }

    private sealed record TextBlock(string Text) : Block
    {
        public override void WriteTo(Utf8JsonWriter w)
        {
            w.WriteString("type", "text");
            w.WriteString("text", Text);
        }
    }

    private sealed record ToolUseBlock(string Id, string Name, JsonElement Input) : Block
    {
        public override void WriteTo(Utf8JsonWriter w)
        {
            w.WriteString("type", "tool_use");
            w.WriteString("id", Id);
            w.WriteString("name", Name);
            w.WritePropertyName("input");
            Input.WriteTo(w);
        }
    }

    private sealed record ToolResultBlock(string ToolUseId, string? Content) : Block
    {
        public override void WriteTo(Utf8JsonWriter w)
        {
            w.WriteString("type", "tool_result");
            w.WriteString("tool_use_id", ToolUseId);
            if (!string.IsNullOrEmpty(Content))
            {
                w.WriteString("content", Content);
            }
        }
    }
}
