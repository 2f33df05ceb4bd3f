using System.Globalization;
using System.Text;

namespace OmniBots.Platform.Http.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: a <c># HELP</c> and a
/// <c># TYPE</c> line per family, then one line per sample; histograms as cumulative
/// <c>_bucket{le="…"}</c> lines ending in <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusTextFormatter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Format(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder(16 * 1024);
        foreach (var family in families)
        {
            WriteFamily(text, family);
        }
        return text.ToString();
    }

    private static void WriteFamily(StringBuilder text, MetricFamily family)
    {
        text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
        foreach (var sample in family.Samples)
        {
            if (family.Type == PrometheusType.Histogram && sample.Histogram is { } histogram)
            {
                WriteHistogram(text, family.Name, sample.Labels, histogram);
            }
            else
            {
                WriteLine(text, family.Name, sample.Labels, null, sample.Value);
            }
        }
    }

    private static void WriteHistogram(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramValue histogram)
    {
        var cumulative = 0L;
        for (var i = 0; i < histogram.Bounds.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            WriteLine(text, name + "_bucket", labels, Number(histogram.Bounds[i]), cumulative);
        }
        WriteLine(text, name + "_bucket", labels, "+Inf", histogram.Count);
        WriteLine(text, name + "_sum", labels, null, histogram.Sum);
        WriteLine(text, name + "_count", labels, null, histogram.Count);
    }

    private static void WriteLine(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                AppendLabel(text, ref first, PrometheusNaming.LabelName(key), labelValue);
            }
            if (le is not null)
            {
                AppendLabel(text, ref first, "le", le);
            }
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static void AppendLabel(StringBuilder text, ref bool first, string name, string value)
    {
        if (!first)
        {
            text.Append(',');
        }
        first = false;
        text.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
    }

    /// <summary>Go's float syntax, which Prometheus parses: shortest round-trip digits, +Inf, -Inf, NaN.</summary>
    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string EscapeLabelValue(string value)
        => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string EscapeHelp(string help)
        => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeName(PrometheusType type) => type switch
    {
        PrometheusType.Counter => "counter",
        PrometheusType.Histogram => "histogram",
        _ => "gauge",
    };
}
