using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniBots.Runtime.Execution;

/// <summary>A parsed variable path: <c>name</c>, <c>a.b</c>, <c>items[0].name</c>. Parsed once, used many times.</summary>
internal sealed class VariablePath
{
    private readonly object[] _segments; // string (property) or int (index)

    private VariablePath(string text, object[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public string First => _segments.Length > 0 && _segments[0] is string s ? s : "";

    /// <summary>Null when the text is not a path.</summary>
    public static VariablePath? TryParse(string text)
    {
        var segments = new List<object>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }
                segments.Add(index);
                i = close + 1;
                if (i < text.Length && text[i] == '.')
                {
                    i++;
                }
                continue;
            }
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '-'))
            {
                i++;
            }
            if (i == start)
            {
                return null;
            }
            segments.Add(text[start..i]);
            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (i == text.Length)
                {
                    return null;
                }
            }
            else if (i < text.Length && text[i] != '[')
            {
                return null;
            }
        }
        return segments.Count == 0 || segments[0] is not string ? null : new VariablePath(text, [.. segments]);
    }

    /// <summary>The value at this path, or null when any part is missing. <paramref name="skip"/> leading segments are ignored.</summary>
    public JsonNode? Resolve(JsonNode? root, int skip = 0) => TryResolve(root, out var value, skip) ? value : null;

    /// <summary>False when a part of the path is missing; true with a null value when the variable exists and is null.</summary>
    public bool TryResolve(JsonNode? root, out JsonNode? value, int skip = 0)
    {
        var node = root;
        for (var i = skip; i < _segments.Length; i++)
        {
            var found = _segments[i] switch
            {
                string name when node is JsonObject o => o.TryGetPropertyValue(name, out node),
                int index when node is JsonArray a && index < a.Count => (node = a[index]) is var _,
                _ => false,
            };
            if (!found)
            {
                value = null;
                return false;
            }
        }
        value = node;
        return true;
    }

    public string? SecondName => _segments.Length == 2 && _segments[1] is string s ? s : null;

    /// <summary>Sets the value, creating the objects on the way (<c>contact.email</c> sets <c>email</c> inside <c>contact</c>).</summary>
    public void Assign(JsonObject root, JsonNode? value)
    {
        JsonNode current = root;
        for (var i = 0; i < _segments.Length; i++)
        {
            var last = i == _segments.Length - 1;
            switch (_segments[i], current)
            {
                case (string name, JsonObject o):
                    if (last)
                    {
                        o[name] = value;
                        return;
                    }
                    if (o[name] is not JsonObject and not JsonArray)
                    {
                        o[name] = _segments[i + 1] is int ? new JsonArray() : new JsonObject();
                    }
                    current = o[name]!;
                    break;
                case (int index, JsonArray a):
                    while (a.Count <= index)
                    {
                        a.Add(null);
                    }
                    if (last)
                    {
                        a[index] = value;
                        return;
                    }
                    if (a[index] is not JsonObject and not JsonArray)
                    {
                        a[index] = _segments[i + 1] is int ? new JsonArray() : new JsonObject();
                    }
                    current = a[index]!;
                    break;
                default:
                    throw new InvalidOperationException($"Cannot set '{Text}': a part of it is not an object or a list.");
            }
        }
    }

    /// <summary>How a value reads in text: strings as they are, numbers and booleans in JSON form, objects and lists as JSON.</summary>
    public static string ToText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => "",
        _ => value.ToJsonString(),
    };
}
