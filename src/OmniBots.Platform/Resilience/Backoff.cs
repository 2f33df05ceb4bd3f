namespace OmniBots.Platform.Resilience;

/// <summary>
/// The one backoff of the platform: the delay doubles from <c>first</c> with each failure, up to
/// <c>max</c>, and half of it is random ("equal jitter"), so replicas or jobs that failed together
/// (an outage) do not all try again in the same instant.
/// </summary>
internal static class Backoff
{
    /// <param name="failures">Consecutive failures so far, from 1.</param>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan max)
    {
        // The exponent is clamped so a long outage cannot overflow to infinity.
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var capped = Math.Min(max.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
