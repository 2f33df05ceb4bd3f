using System.Text.Json;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>Lenient readers for Google's JSON; parsing and writing are <see cref="ProviderJson"/>'s.</summary>
internal static class GeminiJson
{
    /// <summary>Any shape mismatch (missing property, wrong kind, bad JSON) becomes MalformedResponse.</summary>
    public static T Parse<T>(string json, string provider, Func<JsonElement, T> read) =>
        ProviderJson.Parse(json, $"{provider}'s response is not the documented JSON", read);

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    public static int Int(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt32() : 0;
}
