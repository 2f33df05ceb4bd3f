using System.Net;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>Turns a non-success answer into a typed error, keeping OpenAI's own message for the logs.</summary>
internal static class OpenAiErrors
{
    public static async Task<LlmProviderException> FromResponseAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = $"OpenAI answered {status}: {ErrorMessage(body) ?? response.ReasonPhrase}";
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
        // OpenAI sends whole seconds in Retry-After and sometimes a finer retry-after-ms.
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.First(), System.Globalization.CultureInfo.InvariantCulture, out var millis))
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

    private static string? ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
