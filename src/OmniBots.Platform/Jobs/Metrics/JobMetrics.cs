using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OmniBots.Platform.Jobs.Metrics;

/// <summary>The "OmniBots.Jobs" meter. Counters are tagged with queue and kind; the gauges read a
/// snapshot that <see cref="QueueStatsRefresher"/> keeps fresh, so scraping never queries the database.</summary>
internal sealed class JobMetrics
{
    public const string MeterName = "OmniBots.Jobs";

    private readonly Counter<long> _started;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Histogram<double> _startLatency;
    private volatile IReadOnlyList<QueueStats> _stats = [];

    public JobMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("omnibots.jobs.started", "{job}", "Job runs started (each attempt).");
        _succeeded = meter.CreateCounter<long>("omnibots.jobs.succeeded", "{job}", "Job runs that succeeded.");
        _failed = meter.CreateCounter<long>("omnibots.jobs.failed", "{job}", "Job runs that failed and will be retried.");
        _dead = meter.CreateCounter<long>("omnibots.jobs.dead", "{job}", "Jobs that used up their attempts (dead letters).");
        _startLatency = meter.CreateHistogram<double>("omnibots.jobs.enqueue_to_start", "s",
            "Seconds from when a job was enqueued (or became due, if later) until a worker started it.");
        meter.CreateObservableGauge("omnibots.jobs.queue.depth", ObserveDepth, "{job}", "Due jobs waiting to run.");
        meter.CreateObservableGauge("omnibots.jobs.queue.lag", ObserveLag, "s", "Seconds the oldest due job of the queue has waited.");
    }

    public void Started(string queue, string kind, TimeSpan waited)
    {
        var tags = Tags(queue, kind);
        _started.Add(1, tags);
        _startLatency.Record(Math.Max(0, waited.TotalSeconds), tags);
    }

    public void Succeeded(string queue, string kind) => _succeeded.Add(1, Tags(queue, kind));

    public void Failed(string queue, string kind) => _failed.Add(1, Tags(queue, kind));

    public void Dead(string queue, string kind) => _dead.Add(1, Tags(queue, kind));

    public void UpdateQueues(IReadOnlyList<QueueStats> stats) => _stats = stats;

    private IEnumerable<Measurement<long>> ObserveDepth()
        => _stats.Select(s => new Measurement<long>(s.Depth, new KeyValuePair<string, object?>("queue", s.Queue)));

    private IEnumerable<Measurement<double>> ObserveLag()
        => _stats.Select(s => new Measurement<double>(s.LagSeconds, new KeyValuePair<string, object?>("queue", s.Queue)));

    private static TagList Tags(string queue, string kind) => new() { { "queue", queue }, { "kind", kind } };
}

internal sealed record QueueStats(string Queue, long Depth, double LagSeconds);
