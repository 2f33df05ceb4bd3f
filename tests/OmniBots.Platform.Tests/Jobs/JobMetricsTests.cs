using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

public sealed class JobMetricsTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Meter_CountsRuns_AndGaugesReportQueueDepthAndLag()
    {
        var factory = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        var seen = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other test classes run hosts in parallel.
            if (instrument.Meter.Name == "OmniBots.Jobs" && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var queue = tags.ToArray().FirstOrDefault(t => t.Key == "queue").Value;
            var key = $"{instrument.Name}/{queue}";
            if (instrument is ObservableGauge<long> or ObservableGauge<double>)
            {
                seen[key] = value;
            }
            else
            {
                seen.AddOrUpdate(key, value, (_, sum) => sum + value);
            }
        }

        // The mail queue runs two at a time: two blocked jobs leave three waiting.
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await fixture.EnqueueAsync(JobsFixture.ProbeJob("block") with { Queue = "mail" })).Id);
        }
        await Eventually.TrueAsync(() =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(seen.GetValueOrDefault("omnibots.jobs.queue.depth/mail") == 3);
        }, TimeSpan.FromSeconds(10), "the depth gauge shows three waiting mail jobs");
        await Task.Delay(300);
        listener.RecordObservableInstruments();
        Assert.True(seen.GetValueOrDefault("omnibots.jobs.queue.lag/mail") > 0);

        fixture.Probe.Gate.SetResult();
        foreach (var id in ids)
        {
            await fixture.WaitForStateAsync(id, JobStates.Succeeded);
        }
        await Eventually.TrueAsync(() => Task.FromResult(seen.GetValueOrDefault("omnibots.jobs.succeeded/mail") == 5),
            TimeSpan.FromSeconds(5), "five successes are counted");
        Assert.Equal(5, seen.GetValueOrDefault("omnibots.jobs.started/mail"));
        Assert.True(seen.ContainsKey("omnibots.jobs.enqueue_to_start/mail"));
    }
}
