using System.Globalization;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Google's error body: <c>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED","details":[…]}}</c>.
/// The kind follows the HTTP status; the wait comes from <c>Retry-After</c> or, failing that, from a
/// <c>google.rpc.RetryInfo</c> detail's <c>retryDelay</c> (a protobuf Duration such as "30s" or "1.5s").
/// </summary>
internal static class GeminiErrors
{
    public static LlmProviderException FromResponse(HttpResponseMessage response, string body, string provider, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var (message, googleStatus, retryDelay, reason) = Describe(body);
        // The Gemini API answers a bad key with 400 INVALID_ARGUMENT; only the ErrorInfo reason says so.
        var kind = reason is "API_KEY_INVALID" or "API_KEY_SERVICE_BLOCKED" or "API_KEY_HTTP_REFERRER_BLOCKED"
            ? LlmErrorKind.Unauthorized
            : RetryAfter.KindOf(response.StatusCode);
        var text = $"{provider} answered {status}{(googleStatus is null ? "" : " " + googleStatus)}: {message ?? response.ReasonPhrase}";
        return new LlmProviderException(kind, text) { StatusCode = status, RetryAfter = RetryAfter.From(response, time) ?? retryDelay };
    }

    private static (string? Message, string? Status, TimeSpan? RetryDelay, string? Reason) Describe(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null, null);
            }
            var details = error.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().ToList() : [];
            var delay = details.Where(x => IsDetail(x, "google.rpc.RetryInfo")).Select(x => Duration(GeminiJson.String(x, "retryDelay"))).FirstOrDefault(x => x is not null);
            var reason = details.Where(x => IsDetail(x, "google.rpc.ErrorInfo")).Select(x => GeminiJson.String(x, "reason")).FirstOrDefault(x => x is not null);
            return (GeminiJson.String(error, "message"), GeminiJson.String(error, "status"), delay, reason);
        }
        catch (JsonException)
        {
            return (null, null, null, null);
        }
    }

    private static bool IsDetail(JsonElement detail, string type) =>
        GeminiJson.String(detail, "@type")?.EndsWith("/" + type, StringComparison.Ordinal) == true;

    /// <summary>Protobuf Duration in JSON: decimal seconds with an "s" suffix.</summary>
    internal static TimeSpan? Duration(string? text) =>
        text is { Length: > 1 } && text.EndsWith('s')
        && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
