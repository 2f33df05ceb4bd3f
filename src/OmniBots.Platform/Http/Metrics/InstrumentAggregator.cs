using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace OmniBots.Platform.Http.Metrics;

/// <summary>
/// Keeps one instrument's series, keyed by its tag set. How a measurement counts follows the
/// instrument kind: counters and up-down counters add deltas; observable instruments report the
/// current value (set); histograms fill buckets.
/// </summary>
internal sealed class InstrumentAggregator
{
    /// <summary>OpenTelemetry's default cardinality limit: one unbounded tag (a user id slipped
    /// into a label) must not exhaust memory. Further tag sets fold into one overflow series.</summary>
    internal const int MaxSeries = 2000;

    private static readonly KeyValuePair<string, string>[] OverflowLabels = [new("otel_metric_overflow", "true")];
    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly double[]? _bounds;
    private readonly bool _reportsCurrentValue;

    public InstrumentAggregator(Instrument instrument)
    {
        Instrument = instrument;
        // Instruments of the API are generic; a hand-made subclass of Instrument<T> exports as a gauge.
        var kind = instrument.GetType() is { IsGenericType: true } type ? type.GetGenericTypeDefinition() : null;
        Type = kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>) ? PrometheusType.Counter
            : kind == typeof(Histogram<>) ? PrometheusType.Histogram
            : PrometheusType.Gauge;
        _reportsCurrentValue = instrument.IsObservable || kind == typeof(Gauge<>);
        _bounds = Type == PrometheusType.Histogram ? HistogramBounds.For(instrument) : null;
        Name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, Type);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
    }

    public Instrument Instrument { get; }
    public string Name { get; }
    public PrometheusType Type { get; }
    public string Help { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(tags);
        if (_bounds is not null)
        {
            series.Observe(value);
        }
        else if (_reportsCurrentValue)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    /// <summary>Observable instruments report every series on each collection: series they no
    /// longer report (a queue that was removed) must disappear, so they start empty each time.</summary>
    public void ResetObservations()
    {
        if (Instrument.IsObservable)
        {
            _series.Clear();
        }
    }

    public IEnumerable<MetricSample> Snapshot() => _series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Snapshot());

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, FormatValue(tags[i].Value));
        }
        // Tag order is not significant: the same tags in another order are the same series.
        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = Key(labels);
        if (_series.TryGetValue(key, out var existing))
        {
            return existing;
        }
        if (_series.Count >= MaxSeries)
        {
            return _series.GetOrAdd("\u0001overflow", _ => new MetricSeries(OverflowLabels, _bounds));
        }
        return _series.GetOrAdd(key, _ => new MetricSeries(labels, _bounds));
    }

    private static string Key(KeyValuePair<string, string>[] labels)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            key.Append(name).Append('\u0000').Append(value).Append('\u0000');
        }
        return key.ToString();
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
