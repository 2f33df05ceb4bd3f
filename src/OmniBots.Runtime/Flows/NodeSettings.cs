using System.Globalization;
using System.Text.Json;

namespace OmniBots.Runtime.Flows;

/// <summary>Typed reads of a node's settings object, with the catalogue's defaults supplied by the caller.</summary>
internal readonly record struct NodeSettings(JsonElement Json)
{
    public bool Has(string name) => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var v)
        && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    public JsonElement Get(string name) => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var v) ? v : default;

    public string? String(string name, string? fallback = null)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : fallback;
    }

    public int Int(string name, int fallback)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : fallback;
    }

    public double Number(string name, double fallback)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : fallback;
    }

    public bool Bool(string name, bool fallback)
    {
        var v = Get(name);
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => fallback,
        };
    }

    public IEnumerable<NodeSettings> Objects(string name)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                yield return new NodeSettings(item);
            }
        }
    }

    public IReadOnlyList<string> Strings(string name)
    {
        var v = Get(name);
        return v.ValueKind != JsonValueKind.Array ? []
            : [.. v.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)];
    }

    /// <summary>A per-language variant (<c>textByLanguage</c>): the exact language, then its base ("pt" for "pt-BR").</summary>
    public string? ForLanguage(string mapName, string? language)
    {
        var map = Get(mapName);
        if (language is null || map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (map.TryGetProperty(language, out var exact) && exact.ValueKind == JsonValueKind.String)
        {
            return exact.GetString();
        }
        var dash = language.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && map.TryGetProperty(language[..dash], out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
    }
}
