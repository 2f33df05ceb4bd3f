using System.Globalization;
using System.Net;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers;

/// <summary>How long a provider asks us to wait, and the HTTP status mapping the adapters share.</summary>
internal static class RetryAfter
{
    /// <summary>
    /// <c>retry-after-ms</c> when present (OpenAI and Azure send it, finer than whole seconds), else
    /// <c>Retry-After</c> as seconds or as an HTTP date measured on the injected clock; null when neither is sent.
    /// </summary>
    public static TimeSpan? From(HttpResponseMessage response, TimeProvider time)
    {
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

    /// <summary>The kind an HTTP error status means for OpenAI-style and Google APIs (Anthropic refines it).</summary>
    public static LlmErrorKind KindOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => LlmErrorKind.Unauthorized,
        HttpStatusCode.TooManyRequests => LlmErrorKind.RateLimited,
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => LlmErrorKind.Timeout,
        >= HttpStatusCode.InternalServerError => LlmErrorKind.ServerError,
        _ => LlmErrorKind.BadRequest,
    };
}
