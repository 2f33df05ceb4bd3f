using System.Globalization;
using System.Net;
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
    public static async Task<LlmProviderException> FromResponseAsync(HttpResponseMessage response, string provider, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, text) = Describe(body);
        // Azure repeats the status as the code ("429"); only a real code ("DeploymentNotFound") is worth showing.
        var shownCode = code is null || code == status.ToString(CultureInfo.InvariantCulture) ? "" : $" ({code})";
        var message = $"{provider} answered {status}{shownCode}: {text ?? response.ReasonPhrase}";
        var kind = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => LlmErrorKind.Unauthorized,
            HttpStatusCode.TooManyRequests => LlmErrorKind.RateLimited,
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => LlmErrorKind.Timeout,
            _ when status >= 500 => LlmErrorKind.ServerError,
            _ => LlmErrorKind.BadRequest,
        };
        return new LlmProviderException(kind, message) { StatusCode = status, RetryAfter = RetryAfter(response, time) };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        // OpenAI and Azure send whole seconds in Retry-After and often a finer retry-after-ms.
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.First(), CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
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
