using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OmniBots.Platform.Http.Metrics;

/// <summary>
/// Listens to the meters worth exposing and aggregates their measurements in memory until
/// <c>/metrics</c> is scraped. Meters made through a DI <see cref="IMeterFactory"/> are only
/// taken from this host's factory: another host in the same process (tests) has its own.
/// </summary>
internal sealed class MetricsCollector : IHostedService, IDisposable
{
    /// <summary>Request rate and latency, Kestrel connections, handled exceptions, Npgsql pools, the runtime.</summary>
    internal static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics",
        "Npgsql", "System.Runtime",
    ];

    /// <summary>Every meter of the platform's own modules (OmniBots.Jobs, …).</summary>
    internal const string OwnMeterPrefix = "OmniBots";

    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _instruments = new();
    private readonly HashSet<string> _reportedConflicts = new(StringComparer.Ordinal);
    private readonly Lock _collectGate = new();
    private readonly IMeterFactory _meterFactory;
    private readonly ILogger<MetricsCollector> _logger;
    private readonly MeterListener _listener;

    public MetricsCollector(IMeterFactory meterFactory, ILogger<MetricsCollector> logger)
    {
        _meterFactory = meterFactory;
        _logger = logger;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (IsWanted(instrument))
                {
                    listener.EnableMeasurementEvents(instrument, _instruments.GetOrAdd(instrument, i => new InstrumentAggregator(i)));
                }
            },
            MeasurementsCompleted = (instrument, state) => _instruments.TryRemove(instrument, out var removed),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record((double)value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Publishes the instruments that already exist, then each new one as it is created.
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks observable instruments for their values, then snapshots every family, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_collectGate)
        {
            foreach (var aggregator in _instruments.Values)
            {
                aggregator.ResetObservations();
            }
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException failures)
            {
                // The listener observes every instrument before it rethrows what their callbacks
                // threw: one broken gauge costs its own series, not the whole scrape.
                _logger.LogWarning(failures, "{Count} observable instrument(s) failed while collecting metrics", failures.InnerExceptions.Count);
            }
            return Families();
        }
    }

    private List<MetricFamily> Families()
    {
        var families = new List<MetricFamily>();
        foreach (var group in _instruments.Values.GroupBy(a => a.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            var samples = new List<MetricSample>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var aggregator in group)
            {
                if (aggregator.Type != first.Type)
                {
                    ReportConflict(aggregator, first);
                    continue;
                }
                // Two instruments of one name (two meters' versions) must not repeat a series: the first wins.
                samples.AddRange(aggregator.Snapshot().Where(s => seen.Add(string.Join('\u0000', s.Labels))));
            }
            families.Add(new MetricFamily(first.Name, first.Type, first.Help, samples));
        }
        return families;
    }

    private void ReportConflict(InstrumentAggregator skipped, InstrumentAggregator kept)
    {
        if (_reportedConflicts.Add(skipped.Name))
        {
            _logger.LogWarning("Metric {Name}: instrument {Skipped} of meter {Meter} is a {Type} but {Kept} already is a {KeptType}; it is not exported",
                skipped.Name, skipped.Instrument.Name, skipped.Instrument.Meter.Name, skipped.Type, kept.Instrument.Name, kept.Type);
        }
    }

    private bool IsWanted(Instrument instrument)
    {
        var meter = instrument.Meter;
        if (meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return false;
        }
        return Array.IndexOf(Meters, meter.Name) >= 0 || meter.Name.StartsWith(OwnMeterPrefix, StringComparison.Ordinal);
    }

    public void Dispose() => _listener.Dispose();
}
