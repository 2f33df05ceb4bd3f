using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>The conversation as Gemini <c>contents</c>: user/model turns of parts.</summary>
internal static class GeminiTurnWriter
{
    public static void WriteTurns(Utf8JsonWriter w, IReadOnlyList<ChatMessage> messages, bool sendCallIds)
    {
        // A functionResponse must name the function; our tool messages only carry the call id.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            switch (message.Role)
            {
                case ChatRole.User:
                    w.WriteStartObject();
                    w.WriteString("role", "user");
                    w.WriteStartArray("parts");
                    WriteText(w, message.Content ?? "");
                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                case ChatRole.Assistant:
                    WriteModelTurn(w, message, names, sendCallIds);
                    break;
                case ChatRole.Tool:
                    // Gemini wants all results of one model turn in one user turn, in call order.
                    w.WriteStartObject();
                    w.WriteString("role", "user");
                    w.WriteStartArray("parts");
                    for (; i < messages.Count && messages[i].Role == ChatRole.Tool; i++)
                    {
                        WriteFunctionResponse(w, messages[i], names, sendCallIds);
                    }
                    i--;
                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                default:
                    // System messages went to systemInstruction.
                    break;
            }
        }
    }

    private static void WriteModelTurn(Utf8JsonWriter w, ChatMessage message, Dictionary<string, string> names, bool sendCallIds)
    {
        w.WriteStartObject();
        w.WriteString("role", "model");
        w.WriteStartArray("parts");
        if (!string.IsNullOrEmpty(message.Content) || message.ToolCalls.Count == 0)
        {
            WriteText(w, message.Content ?? "");
        }
        foreach (var call in message.ToolCalls)
        {
            names[call.Id] = call.Name;
            var (modelId, signature) = GeminiToolIds.Split(call.Id);
            w.WriteStartObject();
            w.WriteStartObject("functionCall");
            if (sendCallIds && modelId is not null)
            {
                w.WriteString("id", modelId);
            }
            w.WriteString("name", call.Name);
            w.WritePropertyName("args");
            WriteArguments(w, call);
            w.WriteEndObject();
            if (signature is not null)
            {
                w.WriteString("thoughtSignature", signature);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFunctionResponse(Utf8JsonWriter w, ChatMessage result, Dictionary<string, string> names, bool sendCallIds)
    {
        var id = result.ToolCallId ?? "";
        if (!names.TryGetValue(id, out var name))
        {
            throw new LlmProviderException(LlmErrorKind.BadRequest, $"The tool result for call '{id}' answers no earlier assistant tool call; Gemini needs the function's name.");
        }
        w.WriteStartObject();
        w.WriteStartObject("functionResponse");
        if (sendCallIds && GeminiToolIds.Split(id).ModelId is { } modelId)
        {
            w.WriteString("id", modelId);
        }
        w.WriteString("name", name);
        w.WritePropertyName("response");
        WriteResponseObject(w, result.Content ?? "");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary><c>response</c> must be a JSON object: an object result goes as is, anything else as <c>{"result": …}</c>.</summary>
    private static void WriteResponseObject(Utf8JsonWriter w, string content)
    {
        if (TryParse(content) is { } parsed)
        {
            using (parsed)
            {
                if (parsed.RootElement.ValueKind == JsonValueKind.Object)
                {
                    parsed.RootElement.WriteTo(w);
                    return;
                }
                w.WriteStartObject();
                w.WritePropertyName("result");
                parsed.RootElement.WriteTo(w);
                w.WriteEndObject();
                return;
            }
        }
        w.WriteStartObject();
        w.WriteString("result", content);
        w.WriteEndObject();
    }

    /// <summary><c>args</c> is a JSON object; the model produced the text, so anything else cannot be sent faithfully.</summary>
    private static void WriteArguments(Utf8JsonWriter w, ToolCall call)
    {
        if (string.IsNullOrWhiteSpace(call.ArgumentsJson))
        {
            w.WriteStartObject();
            w.WriteEndObject();
            return;
        }
        using var parsed = TryParse(call.ArgumentsJson);
        if (parsed is not { RootElement.ValueKind: JsonValueKind.Object })
        {
            throw new LlmProviderException(LlmErrorKind.BadRequest, $"The arguments of tool call '{call.Id}' ({call.Name}) are not a JSON object; Gemini's functionCall.args must be one.");
        }
        parsed.RootElement.WriteTo(w);
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteText(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
