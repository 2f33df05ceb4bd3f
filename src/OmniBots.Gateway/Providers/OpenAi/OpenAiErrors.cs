using System.Globalization;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>
/// Turns a non-success answer into a typed error, keeping the server's own code and message for the logs. Reads
/// OpenAI's <c>{"error":{"message","type","code"}}</c>, Azure's <c>{"error":{"code","message"}}</c> and the
/// bare <c>{"statusCode","message"}</c> Azure's front door sends for a bad bearer token.
/// </summary>
internal static class OpenAiErrors
{
    public static LlmProviderException FromResponse(HttpResponseMessage response, string body, string provider, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var (code, text) = Describe(body);
        // Azure repeats the status as the code ("429"); only a real code ("DeploymentNotFound") is worth showing.
        var shownCode = code is null || code == status.ToString(CultureInfo.InvariantCulture) ? "" : $" ({code})";
        var message = $"{provider} answered {status}{shownCode}: {text ?? response.ReasonPhrase}";
        return new LlmProviderException(RetryAfter.KindOf(response.StatusCode), message) { StatusCode = status, RetryAfter = RetryAfter.From(response, time) };
    }

    private static (string? Code, string? Message) Describe(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            var holder = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? error : root;
            return (Text(holder, "code"), Text(holder, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement holder, string name) =>
        !holder.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;
}
