using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Cache;

/// <summary>
/// The exact-match cache key (GW-7): SHA-256 over a canonical JSON rendering of everything that shapes the
/// answer — model, messages (with tool calls and tool results), tools, tool choice, response format,
/// temperature, max tokens, stop sequences and context passages — prefixed by the tenant, so two tenants
/// asking the same question never share an entry. Streaming and non-streaming share entries.
/// </summary>
internal static class RequestHash
{
    public static byte[] Of(Guid tenantId, ChatRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("tenant", tenantId);
            json.WriteString("model", request.Model);
            json.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.ToString());
                json.WriteString("content", message.Content);
                json.WriteString("toolCallId", message.ToolCallId);
                json.WriteStartArray("toolCalls");
                foreach (var call in message.ToolCalls)
                {
                    json.WriteStringValue(call.Id);
                    json.WriteStringValue(call.Name);
                    json.WriteStringValue(call.ArgumentsJson);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                json.WriteStringValue(tool.Name);
                json.WriteStringValue(tool.Description);
                json.WriteStringValue(tool.Parameters.GetRawText());
            }
            json.WriteEndArray();
            json.WriteString("toolChoice", request.ToolChoice is { } choice ? choice.Kind + ":" + choice.FunctionName : null);
            json.WriteString("format", request.ResponseFormat.ToString());
            json.WriteString("temperature", request.Temperature?.ToString("R", CultureInfo.InvariantCulture));
            json.WriteString("maxTokens", request.MaxTokens?.ToString(CultureInfo.InvariantCulture));
            json.WriteStartArray("stop");
            foreach (var stop in request.Stop)
            {
                json.WriteStringValue(stop);
            }
            json.WriteEndArray();
            json.WriteStartArray("context");
            foreach (var passage in request.Context)
            {
                json.WriteStringValue(passage.SourceId);
                json.WriteStringValue(passage.Title);
                json.WriteStringValue(passage.Text);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return SHA256.HashData(buffer.WrittenSpan);
    }
}
