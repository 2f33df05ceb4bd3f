using System.Buffers;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary>Writes Chat Completions answers in OpenAI's wire format: one <c>chat.completion</c>, or <c>chat.completion.chunk</c> SSE events.</summary>
internal static class ChatCompletionWriter
{
    public static void WriteCompletion(IBufferWriter<byte> output, string id, long created, string model, ChatResponse response)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        Header(json, id, "chat.completion", created, model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", response.Text);
        json.WriteNull("refusal");
        if (response.ToolCalls.Count > 0)
        {
            json.WriteStartArray("tool_calls");
            foreach (var call in response.ToolCalls)
            {
                json.WriteStartObject();
                json.WriteString("id", call.Id);
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                json.WriteString("name", call.Name);
                json.WriteString("arguments", call.ArgumentsJson);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", Finish(response.FinishReason));
        json.WriteEndObject();
        json.WriteEndArray();
        Usage(json, response.Usage ?? new Usage(0, 0));
        json.WriteEndObject();
    }

    /// <summary>
    /// One SSE event (<c>data: {...}\n\n</c>) for a delta, or nothing for a delta OpenAI has no chunk for. <paramref name="json"/>
    /// is the stream's one writer, reset onto <paramref name="output"/> for each event (a writer per chunk was garbage per chunk).
    /// </summary>
    public static void WriteChunk(Utf8JsonWriter json, IBufferWriter<byte> output, string id, long created, string model, ChatDelta delta, bool first)
    {
        if (delta.Usage is not null || (delta.Route is not null && !first))
        {
            return;
        }
        output.Write("data: "u8);
        json.Reset(output);
        json.WriteStartObject();
        Header(json, id, "chat.completion.chunk", created, model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        if (first)
        {
            json.WriteString("role", "assistant");
        }
        if (delta.Text is { } text)
        {
            json.WriteString("content", text);
        }
        else if (first)
        {
            json.WriteString("content", "");
        }
        if (delta.ToolCall is { } call)
        {
            json.WriteStartArray("tool_calls");
            json.WriteStartObject();
            json.WriteNumber("index", call.Index);
            if (call.Id is not null)
            {
                json.WriteString("id", call.Id);
                json.WriteString("type", "function");
            }
            json.WriteStartObject("function");
            if (call.Name is not null)
            {
                json.WriteString("name", call.Name);
            }
            json.WriteString("arguments", call.ArgumentsPiece ?? "");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteNull("logprobs");
        if (delta.FinishReason is { } finish)
        {
            json.WriteString("finish_reason", Finish(finish));
        }
        else
        {
            json.WriteNull("finish_reason");
        }
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.Write("\n\n"u8);
    }

    /// <summary>The final usage chunk of <c>stream_options.include_usage</c>: no choices, only usage.</summary>
    public static void WriteUsageChunk(Utf8JsonWriter json, IBufferWriter<byte> output, string id, long created, string model, Usage usage)
    {
        output.Write("data: "u8);
        json.Reset(output);
        json.WriteStartObject();
        Header(json, id, "chat.completion.chunk", created, model);
        json.WriteStartArray("choices");
        json.WriteEndArray();
        Usage(json, usage);
        json.WriteEndObject();
        json.Flush();
        output.Write("\n\n"u8);
    }

    public static void WriteDone(IBufferWriter<byte> output) => output.Write("data: [DONE]\n\n"u8);

    private static void Header(Utf8JsonWriter json, string id, string type, long created, string model)
    {
        json.WriteString("id", id);
        json.WriteString("object", type);
        json.WriteNumber("created", created);
        json.WriteString("model", model);
        json.WriteNull("system_fingerprint");
    }

    private static void Usage(Utf8JsonWriter json, Usage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", usage.InputTokens);
        json.WriteNumber("completion_tokens", usage.OutputTokens);
        json.WriteNumber("total_tokens", usage.TotalTokens);
        json.WriteEndObject();
    }

    private static string Finish(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length",
        FinishReason.ToolCalls => "tool_calls",
        FinishReason.ContentFilter => "content_filter",
        _ => "stop",
    };
}
