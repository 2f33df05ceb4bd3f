using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OmniBots.Platform.Http.Metrics;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>The listener and aggregation, on a meter of this test's own (no host needed).</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Meter _meter = new($"OmniBots.Tests.{Guid.NewGuid():N}");
    private readonly string _prefix = $"t{Guid.NewGuid():N}";
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _collector = new MetricsCollector(_services.GetRequiredService<IMeterFactory>(), NullLogger<MetricsCollector>.Instance);
        _collector.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private string Scrape() => PrometheusTextFormatter.Format(_collector.Collect());

    [Fact]
    public void Counter_AddsUpPerTagSet_WhateverTheTagOrder()
    {
        var counter = _meter.CreateCounter<long>($"{_prefix}.jobs.completed", "{job}", "Jobs completed.");
        counter.Add(2, new("queue", "email"), new("outcome", "ok"));
        counter.Add(3, new("outcome", "ok"), new("queue", "email"));
        counter.Add(1, new("queue", "index"), new("outcome", "failed"));

        var text = Scrape();
        Assert.Contains($"# TYPE {_prefix}_jobs_completed_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains($"{_prefix}_jobs_completed_total{{outcome=\"ok\",queue=\"email\"}} 5\n", text, StringComparison.Ordinal);
        Assert.Contains($"{_prefix}_jobs_completed_total{{outcome=\"failed\",queue=\"index\"}} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UpDownCounter_IsAGaugeOfTheNetValue()
    {
        var running = _meter.CreateUpDownCounter<int>($"{_prefix}.jobs.running", "{job}");
        running.Add(3);
        running.Add(-1);

        var text = Scrape();
        Assert.Contains($"# TYPE {_prefix}_jobs_running gauge\n", text, StringComparison.Ordinal);
        Assert.Contains($"\n{_prefix}_jobs_running 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_UsesAdvisedBuckets()
    {
        var duration = _meter.CreateHistogram<double>($"{_prefix}.jobs.duration", "s", "Job run time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var seconds in new[] { 0.05, 0.1, 0.5, 20 })
        {
            duration.Record(seconds, new KeyValuePair<string, object?>("queue", "email"));
        }

        var text = Scrape();
        var name = $"{_prefix}_jobs_duration_seconds";
        Assert.Contains($"# TYPE {name} histogram\n", text, StringComparison.Ordinal);
        Assert.Contains($"{name}_bucket{{queue=\"email\",le=\"0.1\"}} 2\n", text, StringComparison.Ordinal);
        Assert.Contains($"{name}_bucket{{queue=\"email\",le=\"1\"}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains($"{name}_bucket{{queue=\"email\",le=\"10\"}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains($"{name}_bucket{{queue=\"email\",le=\"+Inf\"}} 4\n", text, StringComparison.Ordinal);
        Assert.Contains($"{name}_sum{{queue=\"email\"}} 20.65\n", text, StringComparison.Ordinal);
        Assert.Contains($"{name}_count{{queue=\"email\"}} 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ObservableGauge_ReportsCurrentValues_AndDropsSeriesNoLongerObserved()
    {
        var depths = new Dictionary<string, long> { ["email"] = 7, ["index"] = 0 };
        _meter.CreateObservableGauge($"{_prefix}.jobs.queue.depth",
            () => depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))), "{job}");

        var first = Scrape();
        Assert.Contains($"{_prefix}_jobs_queue_depth{{queue=\"email\"}} 7\n", first, StringComparison.Ordinal);
        Assert.Contains($"{_prefix}_jobs_queue_depth{{queue=\"index\"}} 0\n", first, StringComparison.Ordinal);

        depths.Remove("index");
        depths["email"] = 3;
        var second = Scrape();
        Assert.Contains($"{_prefix}_jobs_queue_depth{{queue=\"email\"}} 3\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain("queue=\"index\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public void ObservableGaugeThatThrows_CostsOnlyItsOwnSeries()
    {
        _meter.CreateObservableGauge($"{_prefix}.broken", long () => throw new InvalidOperationException("queue table missing"));
        _meter.CreateObservableGauge($"{_prefix}.working", () => 4L);

        var text = Scrape();

        Assert.Contains($"\n{_prefix}_working 4\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"\n{_prefix}_broken ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ObservableCounter_ReportsTheCumulativeValueAsACounter()
    {
        var total = 10L;
        _meter.CreateObservableCounter($"{_prefix}.bytes.sent", () => total, "By");
        Scrape();
        total = 25;

        Assert.Contains($"\n{_prefix}_bytes_sent_total 25\n", Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void MeterOfAnotherHostsFactory_IsNotExported()
    {
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var foreign = otherHost.GetRequiredService<IMeterFactory>().Create("OmniBots.Foreign");
        foreign.CreateCounter<long>($"{_prefix}.foreign").Add(1);
        var own = _services.GetRequiredService<IMeterFactory>().Create("OmniBots.Own");
        own.CreateCounter<long>($"{_prefix}.own").Add(1);

        var text = Scrape();
        Assert.DoesNotContain($"{_prefix}_foreign", text, StringComparison.Ordinal);
        Assert.Contains($"{_prefix}_own_total 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MeterOutsideTheExportedSet_IsNotExported()
    {
        using var meter = new Meter("Contoso.Unrelated");
        meter.CreateCounter<long>($"{_prefix}.unrelated").Add(1);

        Assert.DoesNotContain($"{_prefix}_unrelated", Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void TagSetsBeyondTheLimit_FoldIntoOneOverflowSeries()
    {
        var counter = _meter.CreateCounter<long>($"{_prefix}.by.user");
        for (var user = 0; user < InstrumentAggregator.MaxSeries + 5; user++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("user", user));
        }

        var lines = Scrape().Split('\n').Where(l => l.StartsWith($"{_prefix}_by_user_total", StringComparison.Ordinal)).ToList();
        Assert.Equal(InstrumentAggregator.MaxSeries + 1, lines.Count);
        Assert.Contains($"{_prefix}_by_user_total{{otel_metric_overflow=\"true\"}} 5", lines);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
        _services.Dispose();
    }
}
