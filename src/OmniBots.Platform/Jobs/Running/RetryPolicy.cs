using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>Exponential backoff with "equal jitter": half the delay is fixed, half random, so
/// jobs that failed together (an outage) do not all retry in the same instant.</summary>
internal sealed class RetryPolicy(IOptions<JobsOptions> options)
{
    public TimeSpan DelayAfter(int attempt)
    {
        var settings = options.Value;
        var exponential = settings.RetryBaseSeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(settings.RetryMaxSeconds, exponential);
        return TimeSpan.FromSeconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
