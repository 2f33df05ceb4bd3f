namespace OmniBots.Platform.Http.Metrics;

internal enum PrometheusType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One metric family as Prometheus sees it: a name, a type, help text and its series.</summary>
internal sealed record MetricFamily(string Name, PrometheusType Type, string Help, IReadOnlyList<MetricSample> Samples);

/// <summary>One series: its labels (raw tag names, in order) and either a value or a histogram.</summary>
internal sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramValue? Histogram = null);

/// <summary><paramref name="BucketCounts"/> has one count per bound plus the overflow bucket, not cumulative.</summary>
internal sealed record HistogramValue(IReadOnlyList<double> Bounds, IReadOnlyList<long> BucketCounts, double Sum, long Count);
