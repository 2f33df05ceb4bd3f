using System.Globalization;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Routing;

/// <summary>How a failure reads in <see cref="RouteAttempt.Reason"/>: status and kind first, then the provider's message.</summary>
internal static class EndpointFailures
{
    public static string Describe(LlmProviderException error)
    {
        var status = error.StatusCode is { } code ? code.ToString(CultureInfo.InvariantCulture) + " " : "";
        var kind = error.Kind switch
        {
            LlmErrorKind.RateLimited => "rate limited",
            LlmErrorKind.ServerError => "server error",
            LlmErrorKind.Timeout => "timeout",
            LlmErrorKind.Unauthorized => "unauthorized",
            LlmErrorKind.BadRequest => "bad request",
            LlmErrorKind.MalformedResponse => "malformed response",
            LlmErrorKind.StreamInterrupted => "stream interrupted",
            _ => error.Kind.ToString(),
        };
        var retryAfter = error.RetryAfter is { } wait ? ", retry-after " + Seconds(wait) : "";
        return $"{status}{kind}{retryAfter}: {error.Message}";
    }

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    /// <summary>The endpoint's own timer fired (not the caller's cancellation).</summary>
    public static LlmProviderException Timeout(string what, TimeSpan limit, Exception inner) =>
        new(LlmErrorKind.Timeout, $"{what} within {Seconds(limit)}", inner);
}
