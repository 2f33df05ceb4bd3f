using Microsoft.Extensions.Options;
using OmniBots.Platform.Resilience;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>When a failed job runs again: <see cref="Backoff"/> from <c>Jobs:RetryBaseSeconds</c>
/// up to <c>Jobs:RetryMaxSeconds</c>, so jobs that failed together (an outage) do not all retry in
/// the same instant.</summary>
internal sealed class RetryPolicy(IOptions<JobsOptions> options)
{
    public TimeSpan DelayAfter(int attempt)
        => Backoff.Delay(attempt, TimeSpan.FromSeconds(options.Value.RetryBaseSeconds), TimeSpan.FromSeconds(options.Value.RetryMaxSeconds));
}
