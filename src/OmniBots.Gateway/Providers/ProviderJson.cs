using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers;

/// <summary>JSON and text helpers the adapters share.</summary>
internal static class ProviderJson
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Reads a provider's JSON; any shape mismatch (bad JSON, missing property, wrong kind) becomes MalformedResponse
    /// with <paramref name="what"/> ("Anthropic's response is not valid Messages API JSON") before the parser's detail.
    /// </summary>
    public static T Parse<T>(string json, string what, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{what}: " + ex.Message, ex);
        }
    }

    /// <inheritdoc cref="Parse{T}(string, string, Func{JsonElement, T})"/>
    public static T Parse<T>(ReadOnlyMemory<byte> utf8Json, string what, Func<JsonElement, T> read)
    {
        try
        {
            // JSON between systems is UTF-8 (RFC 8259); a byte order mark is allowed to precede it.
            using var document = JsonDocument.Parse(utf8Json.Span.StartsWith(Utf8Bom) ? utf8Json[Utf8Bom.Length..] : utf8Json);
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{what}: " + ex.Message, ex);
        }
    }

    /// <summary>Writes one JSON document with <paramref name="write"/> and returns its UTF-8 bytes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// <see cref="ChatRequest.Context"/> as the one system text every adapter sends: "Context passages:" then a
    /// <c>[SourceId] Title</c> block per passage, so the model can cite passages by id. Null without passages.
    /// </summary>
    public static string? ContextText(ChatRequest request) =>
        request.Context.Count == 0
            ? null
            : "Context passages:\n" + string.Join("\n\n", request.Context.Select(p => $"[{p.SourceId}] {p.Title}\n{p.Text}"));
}
