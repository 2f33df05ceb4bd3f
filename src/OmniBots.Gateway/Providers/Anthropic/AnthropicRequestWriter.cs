using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>Writes a Messages API request body (<c>POST /v1/messages</c>) from the gateway's neutral request.</summary>
internal static class AnthropicRequestWriter
{
    /// <summary>Anthropic refuses a request without <c>max_tokens</c>; this is used when the caller set none.</summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>Anthropic has no JSON mode; the instruction in the system prompt is the closest honest equivalent.</summary>
    public const string JsonInstruction =
        "Respond with a single valid JSON object and nothing else: no prose, no code fences.";

    public static byte[] Chat(ChatRequest request, bool stream)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", request.Model);
            w.WriteNumber("max_tokens", request.MaxTokens ?? DefaultMaxTokens);
            if (SystemText(request) is { } system)
            {
                w.WriteString("system", system);
            }
            w.WriteStartArray("messages");
            foreach (var turn in AnthropicTurns.Build(request.Messages))
            {
                turn.WriteTo(w);
            }
            w.WriteEndArray();
            WriteTools(w, request);
            if (request.Temperature is { } temperature)
            {
                // Anthropic's range is 0..1 (OpenAI's is 0..2); out-of-range values come back as a 400.
                w.WriteNumber("temperature", temperature);
            }
            if (request.Stop.Count > 0)
            {
                w.WriteStartArray("stop_sequences");
                request.Stop.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
            }
            if (stream)
            {
                w.WriteBoolean("stream", true);
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The Messages API has no system role: every system message (wherever it sits in the conversation),
    /// the context passages and the JSON instruction become the top-level <c>system</c> text, in that order.
    /// </summary>
    private static string? SystemText(ChatRequest request)
    {
        var parts = request.Messages.Where(m => m.Role == ChatRole.System && !string.IsNullOrEmpty(m.Content)).Select(m => m.Content!).ToList();
        if (ProviderJson.ContextText(request) is { } context)
        {
            parts.Add(context);
        }
        if (request.ResponseFormat == ResponseFormat.JsonObject)
        {
            parts.Add(JsonInstruction);
        }
        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    private static void WriteTools(Utf8JsonWriter w, ChatRequest request)
    {
        if (request.Tools.Count == 0)
        {
            // Anthropic refuses tool_choice without tools; with no tools "auto" and "none" mean the same anyway.
            if (request.ToolChoice is { Kind: ToolChoiceKind.Required or ToolChoiceKind.Specific })
            {
                throw new LlmProviderException(LlmErrorKind.BadRequest, "A required or specific tool choice needs at least one tool.");
            }
            return;
        }
        w.WriteStartArray("tools");
        foreach (var tool in request.Tools)
        {
            w.WriteStartObject();
            w.WriteString("name", tool.Name);
            if (tool.Description is not null)
            {
                w.WriteString("description", tool.Description);
            }
            w.WritePropertyName("input_schema");
            tool.Parameters.WriteTo(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (request.ToolChoice is { } choice)
        {
            w.WriteStartObject("tool_choice");
            w.WriteString("type", choice.Kind switch
            {
                ToolChoiceKind.Auto => "auto",
                ToolChoiceKind.None => "none",
                ToolChoiceKind.Required => "any",
                _ => "tool",
            });
            if (choice.Kind == ToolChoiceKind.Specific)
            {
                w.WriteString("name", choice.FunctionName);
            }
            w.WriteEndObject();
        }
    }
}
