using System.Text;

namespace OmniBots.Platform.Http.Metrics;

/// <summary>
/// OpenTelemetry instrument names and units to Prometheus names, as OpenTelemetry's Prometheus
/// compatibility rules do it: invalid characters (dots) become underscores, the unit becomes a
/// suffix in words (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>), annotations such as
/// <c>{connection}</c> are dropped, a unit word the name already has is not repeated, counters
/// end in <c>_total</c> and unit-1 gauges in <c>_ratio</c>.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    public static string MetricName(string instrumentName, string? unit, PrometheusType type)
    {
        var tokens = Sanitize(instrumentName, allowColon: true).Split('_').Where(t => t.Length > 0).ToList();
        // A counter's _total goes last, after the unit: requests.total in By is requests_bytes_total.
        if (type == PrometheusType.Counter && tokens.Count > 0 && tokens[^1] == "total")
        {
            tokens.RemoveAt(tokens.Count - 1);
        }
        // A unit word the name already has is not repeated: bytes_read in By stays bytes_read.
        var (main, per) = UnitWords(unit);
        if (main.Length > 0 && !tokens.Contains(main))
        {
            tokens.Add(main);
        }
        if (per.Length > 0 && !tokens.Contains(per))
        {
            tokens.Add("per");
            tokens.Add(per);
        }
        if (type == PrometheusType.Gauge && unit == "1" && !tokens.Contains("ratio"))
        {
            tokens.Add("ratio");
        }
        if (type == PrometheusType.Counter)
        {
            tokens.Add("total");
        }
        var name = string.Join('_', tokens);
        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    public static string LabelName(string tagName) => Sanitize(tagName, allowColon: false);

    /// <summary>The unit in words, split at "/" (<c>By/s</c> → bytes, second); empty for
    /// annotations only (<c>{connection}</c>) and for "1".</summary>
    private static (string Main, string Per) UnitWords(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit) || unit == "1")
        {
            return ("", "");
        }
        var plain = RemoveAnnotations(unit).Trim();
        var slash = plain.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? (Word(plain, Units), "")
            : (Word(plain[..slash], Units), Word(plain[(slash + 1)..], PerUnits));
    }

    private static string Word(string unit, Dictionary<string, string> words)
        => unit.Length == 0 ? "" : words.TryGetValue(unit, out var word) ? word : Sanitize(unit, allowColon: false).Trim('_');

    private static string RemoveAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            depth += c switch { '{' => 1, '}' when depth > 0 => -1, _ => 0 };
            if (depth == 0 && c != '}')
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Prometheus names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> (labels: no colon): anything
    /// else becomes an underscore, runs of underscores collapse to one, and a leading digit gets one in front.</summary>
    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || (allowColon && c == ':'))
            {
                builder.Append(c);
            }
            else if (builder.Length == 0 || builder[^1] != '_')
            {
                builder.Append('_');
            }
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }
}
