using System.Text;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary>A parsed <c>POST /v1/chat/completions</c> body.</summary>
internal sealed record ChatCompletionRequest(ChatRequest Chat, bool Stream, bool IncludeUsage);

/// <summary>
/// Reads OpenAI's Chat Completions request into the gateway's <see cref="ChatRequest"/>. Supported: messages
/// (system/developer, user with text or text parts, assistant with tool_calls, tool), tools (functions),
/// tool_choice, response_format (text, json_object), temperature, max_tokens / max_completion_tokens, stop
/// (string or array), stream, stream_options.include_usage, n = 1. Other fields (user, seed, ...) are ignored;
/// what cannot be honoured (n &gt; 1, json_schema, image parts) is refused with the field named.
/// </summary>
internal static class ChatCompletionRequestReader
{
    public static ChatCompletionRequest Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw OpenAiApiException.Invalid("body", "The request body must be a JSON object.");
        }
        var model = RequiredString(body, "model");
        if (!body.TryGetProperty("messages", out var messagesJson) || messagesJson.ValueKind != JsonValueKind.Array || messagesJson.GetArrayLength() == 0)
        {
            throw OpenAiApiException.Invalid("messages", "'messages' must be a non-empty array.");
        }
        var messages = new List<ChatMessage>(messagesJson.GetArrayLength());
        var index = 0;
        foreach (var message in messagesJson.EnumerateArray())
        {
            messages.Add(ReadMessage(message, $"messages[{index++}]"));
        }
        if (Optional(body, "n") is { } n && (n.ValueKind != JsonValueKind.Number || n.GetInt32() != 1))
        {
            throw OpenAiApiException.Invalid("n", "Only n = 1 is supported.");
        }
        var stream = Optional(body, "stream") is { ValueKind: JsonValueKind.True };
        var includeUsage = Optional(body, "stream_options") is { ValueKind: JsonValueKind.Object } options
            && Optional(options, "include_usage") is { ValueKind: JsonValueKind.True };
        var chat = new ChatRequest
        {
            Model = model,
            Messages = messages,
            Tools = ReadTools(body),
            ToolChoice = ReadToolChoice(Optional(body, "tool_choice")),
            ResponseFormat = ReadFormat(Optional(body, "response_format")),
            Temperature = Optional(body, "temperature") is { } t ? Number(t, "temperature", 0, 2) : null,
            MaxTokens = ReadMaxTokens(body),
            Stop = ReadStop(Optional(body, "stop")),
        };
        return new ChatCompletionRequest(chat, stream, includeUsage);
    }

    private static ChatMessage ReadMessage(JsonElement message, string path)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw OpenAiApiException.Invalid(path, "Each message must be an object.");
        }
        var role = RequiredString(message, "role", path + ".role");
        var content = ReadContent(Optional(message, "content"), path + ".content");
        return role switch
        {
            "system" or "developer" => ChatMessage.System(content ?? ""),
            "user" => ChatMessage.User(content ?? ""),
            "assistant" => ChatMessage.Assistant(content, ReadToolCalls(Optional(message, "tool_calls"), path + ".tool_calls")),
            "tool" => ChatMessage.ToolResult(RequiredString(message, "tool_call_id", path + ".tool_call_id"), content ?? ""),
            _ => throw OpenAiApiException.Invalid(path + ".role", $"Unsupported role '{role}': use system, developer, user, assistant or tool."),
        };
    }

    private static string? ReadContent(JsonElement? content, string path)
    {
        switch (content?.ValueKind)
        {
            case null or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return content.Value.GetString();
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.Value.EnumerateArray())
                {
                    var type = Optional(part, "type")?.GetString();
                    if (type is not ("text" or "refusal"))
                    {
                        throw OpenAiApiException.Invalid(path, $"Only text content parts are supported (got '{type}').");
                    }
                    text.Append(Optional(part, type)?.GetString());
                }
                return text.ToString();
            default:
                throw OpenAiApiException.Invalid(path, "Content must be a string or an array of text parts.");
        }
    }

    private static List<ToolCall> ReadToolCalls(JsonElement? calls, string path)
    {
        if (calls is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }
        var result = new List<ToolCall>();
        foreach (var call in array.EnumerateArray())
        {
            var function = Optional(call, "function") ?? throw OpenAiApiException.Invalid(path, "Each tool call needs a function.");
            result.Add(new ToolCall(RequiredString(call, "id", path + ".id"), RequiredString(function, "name", path + ".function.name"),
                Optional(function, "arguments")?.GetString() ?? "{}"));
        }
        return result;
    }

    private static List<ToolDefinition> ReadTools(JsonElement body)
    {
        if (Optional(body, "tools") is not { ValueKind: JsonValueKind.Array } tools)
        {
            return [];
        }
        var result = new List<ToolDefinition>();
        foreach (var tool in tools.EnumerateArray())
        {
            if (Optional(tool, "type")?.GetString() != "function" || Optional(tool, "function") is not { ValueKind: JsonValueKind.Object } function)
            {
                throw OpenAiApiException.Invalid("tools", "Only tools of type 'function' are supported.");
            }
            var parameters = Optional(function, "parameters") ?? JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
            result.Add(new ToolDefinition(RequiredString(function, "name", "tools.function.name"), Optional(function, "description")?.GetString(), parameters.Clone()));
        }
        return result;
    }

    private static ToolChoice? ReadToolChoice(JsonElement? choice) => choice switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString() switch
        {
            "auto" => ToolChoice.Auto,
            "none" => ToolChoice.None,
            "required" => ToolChoice.Required,
            var other => throw OpenAiApiException.Invalid("tool_choice", $"Unknown tool_choice '{other}'."),
        },
        { ValueKind: JsonValueKind.Object } o when Optional(o, "function") is { } f => ToolChoice.Function(RequiredString(f, "name", "tool_choice.function.name")),
        _ => throw OpenAiApiException.Invalid("tool_choice", "tool_choice must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}}."),
    };

    private static ResponseFormat ReadFormat(JsonElement? format) => format is { ValueKind: JsonValueKind.Object } o
        ? Optional(o, "type")?.GetString() switch
        {
            null or "text" => ResponseFormat.Text,
            "json_object" => ResponseFormat.JsonObject,
            var other => throw OpenAiApiException.Invalid("response_format", $"response_format '{other}' is not supported (text or json_object)."),
        }
        : ResponseFormat.Text;

    private static int? ReadMaxTokens(JsonElement body)
    {
        foreach (var name in new[] { "max_completion_tokens", "max_tokens" })
        {
            if (Optional(body, name) is { ValueKind: not JsonValueKind.Null } value)
            {
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0
                    ? tokens : throw OpenAiApiException.Invalid(name, $"'{name}' must be a positive whole number.");
            }
        }
        return null;
    }

    private static IReadOnlyList<string> ReadStop(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null } => [],
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() <= 4 && a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            => [.. a.EnumerateArray().Select(e => e.GetString()!)],
        _ => throw OpenAiApiException.Invalid("stop", "'stop' must be a string or an array of up to 4 strings."),
    };

    private static double Number(JsonElement value, string name, double min, double max)
        => value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && d >= min && d <= max
            ? d : throw OpenAiApiException.Invalid(name, $"'{name}' must be a number from {min} to {max}.");

    internal static JsonElement? Optional(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    internal static string RequiredString(JsonElement element, string name, string? param = null)
        => Optional(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text
            ? text : throw OpenAiApiException.Invalid(param ?? name, $"'{param ?? name}' is required and must be a string.");
}
