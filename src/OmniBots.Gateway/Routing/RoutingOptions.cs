namespace OmniBots.Gateway.Routing;

/// <summary>Configuration section <c>Gateway:Routing</c>: retries, Retry-After and circuit breaking for every endpoint.</summary>
internal sealed class RoutingOptions
{
    public const string Section = "Gateway:Routing";

    /// <summary>Tries of one endpoint for a transient error (rate limit, 5xx, timeout) before failing over; 1 means no retry.</summary>
    public int MaxAttemptsPerEndpoint { get; set; } = 2;
    /// <summary>First backoff delay; it doubles per retry up to <see cref="BackoffMax"/>, half of it random.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>The longest <c>Retry-After</c> honoured by waiting; a longer one fails over to the next endpoint instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
    public BreakerOptions Breaker { get; set; } = new();
}

/// <summary>
/// An endpoint's circuit opens after <see cref="ConsecutiveFailures"/> failures in a row, or when at least
/// <see cref="FailureRatio"/> of its last <see cref="RatioWindow"/> calls failed (once it has seen
/// <see cref="RatioMinimumCalls"/>). After <see cref="BreakDuration"/> one probe call is let through (half-open).
/// </summary>
internal sealed class BreakerOptions
{
    public int ConsecutiveFailures { get; set; } = 5;
    public double FailureRatio { get; set; } = 0.5;
    public int RatioWindow { get; set; } = 20;
    public int RatioMinimumCalls { get; set; } = 10;
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
