using System.Text.Json.Nodes;

namespace OmniBots.Runtime.Execution;

/// <summary>
/// The JSONPath subset of docs/nodes.md: <c>$</c>, <c>.name</c>, <c>..name</c>, <c>[n]</c>, <c>[*]</c>, <c>['name']</c>.
/// A path selecting one value yields it; several (wildcards, descent) yield a list; none yields null.
/// </summary>
internal static class JsonPath
{
    public static JsonNode? Select(JsonNode? root, string path)
    {
        if (path.Length == 0 || path[0] != '$')
        {
            throw new FormatException($"'{path}' is not a JSONPath (it must start with $).");
        }
        List<JsonNode?> current = [root];
        var multiple = false;
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.' && i + 1 < path.Length && path[i + 1] == '.')
            {
                var name = ReadName(path, ref i, 2);
                current = [.. current.SelectMany(n => Descendants(n)).SelectMany(n => Child(n, name))];
                multiple = true;
            }
            else if (path[i] == '.')
            {
                var name = ReadName(path, ref i, 1);
                multiple |= name == "*";
                current = [.. current.SelectMany(n => Child(n, name))];
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    throw new FormatException($"'{path}': '[' at {i} is never closed.");
                }
                var inner = path[(i + 1)..close];
                i = close + 1;
                if (inner == "*")
                {
                    multiple = true;
                    current = [.. current.SelectMany(n => Child(n, "*"))];
                }
                else if (inner.Length >= 2 && inner[0] == '\'' && inner[^1] == '\'')
                {
                    var name = inner[1..^1];
                    current = [.. current.SelectMany(n => n is JsonObject o && o.TryGetPropertyValue(name, out var c) ? [c] : Array.Empty<JsonNode?>())];
                }
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    current = [.. current.SelectMany(n => n is JsonArray a && index < a.Count ? [a[index]] : Array.Empty<JsonNode?>())];
                }
                else
                {
                    throw new FormatException($"'{path}': '[{inner}]' is not supported (use [n], [*] or ['name']).");
                }
            }
            else
            {
                throw new FormatException($"'{path}': unexpected '{path[i]}' at {i}.");
            }
        }
        if (multiple)
        {
            return current.Count == 0 ? null : new JsonArray([.. current.Select(n => n?.DeepClone())]);
        }
        return current.Count == 0 ? null : current[0]?.DeepClone();
    }

    private static string ReadName(string path, ref int i, int skip)
    {
        i += skip;
        var start = i;
        while (i < path.Length && path[i] != '.' && path[i] != '[')
        {
            i++;
        }
        return i > start ? path[start..i] : throw new FormatException($"'{path}': a name is missing at {start}.");
    }

    private static IEnumerable<JsonNode?> Child(JsonNode? node, string name) => (node, name) switch
    {
        (JsonObject o, "*") => o.Select(p => p.Value),
        (JsonArray a, "*") => a,
        (JsonObject o, _) when o.TryGetPropertyValue(name, out var child) => [child],
        _ => [],
    };

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}
