namespace OmniBots.Platform.Http.Metrics;

/// <summary>The running value of one instrument for one set of tags. Measurements arrive on any
/// thread; a lock per series keeps a histogram's buckets, sum and count consistent with each other.</summary>
internal sealed class MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, double[]? bounds)
{
    private readonly Lock _gate = new();
    private readonly long[]? _buckets = bounds is null ? null : new long[bounds.Length + 1];
    private double _value;
    private double _sum;
    private long _count;

    public void Add(double value)
    {
        lock (_gate)
        {
            _value += value;
        }
    }

    public void Set(double value)
    {
        lock (_gate)
        {
            _value = value;
        }
    }

    public void Observe(double value)
    {
        if (double.IsNaN(value) || bounds is null)
        {
            return;
        }
        // Bucket i counts values <= bounds[i] (Prometheus' "le"); the last one counts the rest.
        var index = Array.BinarySearch(bounds, value);
        if (index < 0)
        {
            index = ~index;
        }
        lock (_gate)
        {
            _buckets![index]++;
            _sum += value;
            _count++;
        }
    }

    public MetricSample Snapshot()
    {
        lock (_gate)
        {
            return bounds is null
                ? new MetricSample(labels, _value)
                : new MetricSample(labels, _sum, new HistogramValue(bounds, (long[])_buckets!.Clone(), _sum, _count));
        }
    }
}
