using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>Reads Chat Completions responses, stream chunks and embeddings; any shape mismatch is MalformedResponse.</summary>
internal static class OpenAiResponseReader
{
    public static ChatResponse Chat(ReadOnlyMemory<byte> body) => Parse(body, root =>
    {
        var choice = root.GetProperty("choices")[0];
        // Azure may leave the message out when its content filter stopped the answer (finish_reason content_filter).
        var message = choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var calls = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array
            ? toolCalls.EnumerateArray().Select(c => new ToolCall(
                c.GetProperty("id").GetString()!,
                c.GetProperty("function").GetProperty("name").GetString()!,
                c.GetProperty("function").GetProperty("arguments").GetString() ?? "")).ToList()
            : [];
        return new ChatResponse
        {
            Text = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) ? content.GetString() : null,
            ToolCalls = calls,
            FinishReason = Finish(choice.GetProperty("finish_reason").GetString()),
            Usage = ReadUsage(root),
            Model = root.TryGetProperty("model", out var model) ? model.GetString() : null,
        };
    });

    /// <summary>
    /// One <c>data:</c> payload of a stream, as deltas in wire order (text, tool-call pieces, finish, usage). Azure's
    /// annotation chunks (empty <c>choices</c> with <c>prompt_filter_results</c>, or a choice with only
    /// <c>content_filter_results</c>) carry nothing for the caller and yield no delta.
    /// </summary>
    public static IReadOnlyList<ChatDelta> Chunk(string data) => Parse(data, root =>
    {
        var deltas = new List<ChatDelta>();
        if (root.TryGetProperty("choices", out var choices))
        {
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("delta", out var delta))
                {
                    if (delta.TryGetProperty("content", out var text) && text.GetString() is { Length: > 0 } piece)
                    {
                        deltas.Add(new ChatDelta { Text = piece });
                    }
                    if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                    {
                        deltas.AddRange(calls.EnumerateArray().Select(c => new ChatDelta { ToolCall = Fragment(c) }));
                    }
                }
                if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    deltas.Add(new ChatDelta { FinishReason = Finish(finish.GetString()) });
                }
            }
        }
        if (ReadUsage(root) is { } usage)
        {
            deltas.Add(new ChatDelta { Usage = usage });
        }
        return deltas;
    });

    public static EmbeddingResponse Embeddings(ReadOnlyMemory<byte> body) => Parse(body, root =>
    {
        var vectors = root.GetProperty("data").EnumerateArray()
            .OrderBy(d => d.GetProperty("index").GetInt32())
            .Select(d => (ReadOnlyMemory<float>)d.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray())
            .ToList();
        return new EmbeddingResponse(vectors, ReadUsage(root) ?? new Usage(0, 0));
    });

    private static ToolCallFragment Fragment(JsonElement call)
    {
        var function = call.TryGetProperty("function", out var f) ? f : default;
        return new ToolCallFragment(
            call.GetProperty("index").GetInt32(),
            call.TryGetProperty("id", out var id) ? id.GetString() : null,
            function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var name) ? name.GetString() : null,
            function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var args) ? args.GetString() : null);
    }

    private static Usage? ReadUsage(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new Usage(usage.GetProperty("prompt_tokens").GetInt32(), usage.TryGetProperty("completion_tokens", out var c) ? c.GetInt32() : 0)
            : null;

    private static FinishReason Finish(string? reason) => reason switch
    {
        "stop" => FinishReason.Stop,
        "length" => FinishReason.Length,
        "tool_calls" or "function_call" => FinishReason.ToolCalls,
        "content_filter" => FinishReason.ContentFilter,
        _ => FinishReason.Unknown,
    };

    private const string NotChatCompletions = "The provider's response is not valid Chat Completions JSON";

    private static T Parse<T>(string json, Func<JsonElement, T> read) => ProviderJson.Parse(json, NotChatCompletions, read);

    private static T Parse<T>(ReadOnlyMemory<byte> json, Func<JsonElement, T> read) => ProviderJson.Parse(json, NotChatCompletions, read);
}
