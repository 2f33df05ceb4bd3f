using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>Writes Chat Completions and Embeddings request bodies in OpenAI's wire format.</summary>
internal static class OpenAiRequestWriter
{
    public static byte[] Chat(ChatRequest request, bool stream)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", request.Model);
            w.WriteStartArray("messages");
            if (ProviderJson.ContextText(request) is { } context)
            {
                // Retrieved passages reach the model as one leading system message.
                w.WriteStartObject();
                w.WriteString("role", "system");
                w.WriteString("content", context);
                w.WriteEndObject();
            }
            foreach (var message in request.Messages)
            {
                WriteMessage(w, message);
            }
            w.WriteEndArray();
            WriteTools(w, request);
            if (request.ResponseFormat == ResponseFormat.JsonObject)
            {
                w.WriteStartObject("response_format");
                w.WriteString("type", "json_object");
                w.WriteEndObject();
            }
            if (request.Temperature is { } temperature)
            {
                w.WriteNumber("temperature", temperature);
            }
            if (request.MaxTokens is { } maxTokens)
            {
                // max_tokens is deprecated by OpenAI and refused by reasoning models.
                w.WriteNumber("max_completion_tokens", maxTokens);
            }
            if (request.Stop.Count > 0)
            {
                w.WriteStartArray("stop");
                request.Stop.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
            }
            if (stream)
            {
                w.WriteBoolean("stream", true);
                // Without this OpenAI sends no usage when streaming, and metering would be blind.
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Embeddings(EmbeddingRequest request)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", request.Model);
            w.WriteStartArray("input");
            request.Inputs.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteString("encoding_format", "float");
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteMessage(Utf8JsonWriter w, ChatMessage message)
    {
        w.WriteStartObject();
        w.WriteString("role", message.Role switch
        {
            ChatRole.System => "system",
            ChatRole.User => "user",
            ChatRole.Assistant => "assistant",
            _ => "tool",
        });
        w.WriteString("content", message.Content);
        if (message.ToolCallId is not null)
        {
            w.WriteString("tool_call_id", message.ToolCallId);
        }
        if (message.ToolCalls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in message.ToolCalls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.ArgumentsJson);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter w, ChatRequest request)
    {
        if (request.Tools.Count > 0)
        {
            w.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", tool.Name);
                if (tool.Description is not null)
                {
                    w.WriteString("description", tool.Description);
                }
                w.WritePropertyName("parameters");
                tool.Parameters.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        switch (request.ToolChoice)
        {
            case { Kind: ToolChoiceKind.Specific } specific:
                w.WriteStartObject("tool_choice");
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", specific.FunctionName);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case { } choice:
                w.WriteString("tool_choice", choice.Kind.ToString().ToLowerInvariant());
                break;
        }
    }
}
