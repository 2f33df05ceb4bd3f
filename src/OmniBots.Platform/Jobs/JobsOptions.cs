namespace OmniBots.Platform.Jobs;

/// <summary>Settings under <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Named queues and their per-process concurrency; "default" always exists.</summary>
    public Dictionary<string, QueueOptions> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a claimed job stays leased without a heartbeat; a job whose lease
    /// expires (its worker died) is queued again.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Fallback poll when no notification arrives (a missed NOTIFY, another replica's retry).</summary>
    public double PollIntervalSeconds { get; set; } = 5;

    /// <summary>Most jobs claimed in one query.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Default attempts before a job goes dead.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubles each attempt, with jitter.</summary>
    public double RetryBaseSeconds { get; set; } = 5;

    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>Finished jobs (succeeded, dead, cancelled) older than this are deleted by the cleanup cron.</summary>
    public double RetentionHours { get; set; } = 24 * 7;

    /// <summary>On shutdown, how long handlers may take to end once cancelled (after the host's
    /// shutdown timeout); a job whose handler still runs then is left leased, not released.</summary>
    public double AbortGraceSeconds { get; set; } = 5;

    /// <summary>How often the queue depth and lag gauges are re-read.</summary>
    public double MetricsRefreshSeconds { get; set; } = 5;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>Concurrency of every queue, "default" included.</summary>
    public IReadOnlyDictionary<string, int> EffectiveQueues()
    {
        var queues = Queues.ToDictionary(q => q.Key, q => q.Value.Concurrency, StringComparer.Ordinal);
        queues.TryAdd(Contracts.JobQueues.Default, QueueOptions.DefaultConcurrency);
        return queues;
    }
}

public sealed class QueueOptions
{
    public const int DefaultConcurrency = 32;

    /// <summary>Jobs of this queue running at once in one worker process.</summary>
    public int Concurrency { get; set; } = DefaultConcurrency;
}
