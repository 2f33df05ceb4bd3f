using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Routing;

/// <summary>What to do after an endpoint failed: return the error, fail over, or wait and try the same endpoint again.</summary>
internal readonly record struct RetryDecision(bool ReturnToCaller, TimeSpan? RetryAfterDelay, string Reason)
{
    public static RetryDecision For(LlmProviderException error, int attempt, RoutingOptions options)
    {
        var reason = EndpointFailures.Describe(error);
        if (error.Kind == LlmErrorKind.BadRequest)
        {
            // The request itself is wrong: another endpoint would refuse it too.
            return new(true, null, reason);
        }
        if (!error.IsTransient)
        {
            // 401, malformed answers: this endpoint is broken, another may not be; retrying here cannot help.
            return new(false, null, reason + "; failing over");
        }
        if (attempt >= options.MaxAttemptsPerEndpoint)
        {
            return new(false, null, reason + "; attempts exhausted, failing over");
        }
        if (error.RetryAfter is { } wait && wait > options.MaxRetryAfter)
        {
            return new(false, null, $"{reason}; retry-after {EndpointFailures.Seconds(wait)} exceeds cap {EndpointFailures.Seconds(options.MaxRetryAfter)}, failing over");
        }
        var delay = Jittered(attempt, options.BackoffBase, options.BackoffMax);
        if (error.RetryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }
        return new(false, delay, $"{reason}; retrying in {EndpointFailures.Seconds(delay)}");
    }

    /// <summary>Doubles from <paramref name="first"/> per attempt up to <paramref name="max"/>, half of it random, so callers that failed together spread out.</summary>
    public static TimeSpan Jittered(int attempt, TimeSpan first, TimeSpan max)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(max.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
