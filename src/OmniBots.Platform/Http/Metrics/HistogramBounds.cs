using System.Diagnostics.Metrics;

namespace OmniBots.Platform.Http.Metrics;

/// <summary>Bucket bounds of a histogram: the instrument's own advice when it gives some (ASP.NET
/// Core's request duration does), else OpenTelemetry's defaults for its unit.</summary>
internal static class HistogramBounds
{
    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] Default = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static double[] For(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            // Binary search needs them sorted and distinct; advice is not checked by the API.
            return advised.Where(b => !double.IsNaN(b)).Distinct().Order().ToArray();
        }
        return instrument.Unit == "s" ? Seconds : Default;
    }
}
