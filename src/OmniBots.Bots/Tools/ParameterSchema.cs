using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmniBots.Bots.Tools;

/// <summary>
/// The JSON-schema subset of tool parameters: an object with typed <c>properties</c> (string, number, integer, boolean,
/// array with <c>items</c>, object with its own properties), <c>required</c>, <c>enum</c> and <c>description</c>.
/// Other keywords are refused so what the LLM is shown is exactly what is checked. Every problem is reported at once,
/// keyed by its path (<c>parameters.properties.city.type</c>).
/// </summary>
internal static partial class ParameterSchema
{
    private const int MaxDepth = 5;
    private static readonly string[] Types = ["string", "number", "integer", "boolean", "array", "object"];
    private static readonly HashSet<string> Keywords = ["type", "description", "enum", "items", "properties", "required"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex PropertyName();

    public static JsonObject Empty() => new() { ["type"] = "object", ["properties"] = new JsonObject() };

    /// <summary>Adds a problem per path for everything wrong with <paramref name="schema"/> (the root must be an object schema).</summary>
    public static void Check(JsonObject? schema, string path, Action<string, string> problem)
    {
        if (schema is null)
        {
            return; // no parameters: the empty object schema
        }
        if (schema["type"] is not JsonValue t || t.GetValueKind() != JsonValueKind.String || t.GetValue<string>() != "object")
        {
            problem($"{path}.type", "The parameters must be a schema of \"type\": \"object\".");
        }
        CheckNode(schema, path, 0, problem);
    }

    private static void CheckNode(JsonObject node, string path, int depth, Action<string, string> problem)
    {
        if (depth > MaxDepth)
        {
            problem(path, $"Nested deeper than {MaxDepth} levels.");
            return;
        }
        foreach (var (key, _) in node)
        {
            if (!Keywords.Contains(key))
            {
                problem($"{path}.{key}", $"'{key}' is not supported (use type, description, enum, items, properties, required).");
            }
        }
        var type = node["type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (type is null || !Types.Contains(type))
        {
            problem($"{path}.type", $"Required: one of {string.Join(", ", Types)}.");
        }
        if (node["description"] is { } description && description.GetValueKind() != JsonValueKind.String)
        {
            problem($"{path}.description", "Must be a string.");
        }
        if (node.ContainsKey("enum"))
        {
            CheckEnum(node["enum"], type, $"{path}.enum", problem);
        }
        if (node.ContainsKey("items"))
        {
            if (type != "array")
            {
                problem($"{path}.items", "Only an array has items.");
            }
            else if (node["items"] is JsonObject items)
            {
                CheckNode(items, $"{path}.items", depth + 1, problem);
            }
            else
            {
                problem($"{path}.items", "Must be a schema object.");
            }
        }
        if ((node.ContainsKey("properties") || node.ContainsKey("required")) && type != "object")
        {
            problem($"{path}.properties", "Only an object has properties and required.");
            return;
        }
        if (type == "object")
        {
            CheckProperties(node, path, depth, problem);
        }
    }

    private static void CheckProperties(JsonObject node, string path, int depth, Action<string, string> problem)
    {
        var properties = node["properties"] as JsonObject;
        if (node.ContainsKey("properties") && properties is null)
        {
            problem($"{path}.properties", "Must be an object of property schemas.");
        }
        foreach (var (name, property) in properties ?? [])
        {
            if (!PropertyName().IsMatch(name))
            {
                problem($"{path}.properties.{name}", "A property name has 1 to 64 letters, digits and '_', not starting with a digit.");
            }
            if (property is JsonObject schema)
            {
                CheckNode(schema, $"{path}.properties.{name}", depth + 1, problem);
            }
            else
            {
                problem($"{path}.properties.{name}", "Must be a schema object.");
            }
        }
        if (node["required"] is null)
        {
            return;
        }
        if (node["required"] is not JsonArray required || required.Any(r => r is not JsonValue rv || rv.GetValueKind() != JsonValueKind.String))
        {
            problem($"{path}.required", "Must be a list of property names.");
            return;
        }
        foreach (var name in required.Select(r => r!.GetValue<string>()))
        {
            if (properties is null || !properties.ContainsKey(name))
            {
                problem($"{path}.required", $"'{name}' is required but not among the properties.");
            }
        }
    }

    private static void CheckEnum(JsonNode? values, string? type, string path, Action<string, string> problem)
    {
        if (type is not ("string" or "number" or "integer"))
        {
            problem(path, "Only string, number and integer properties have an enum.");
        }
        else if (values is not JsonArray list || list.Count == 0)
        {
            problem(path, "Must be a non-empty list.");
        }
        else if (list.Any(item => !Matches(item, type)))
        {
            problem(path, $"Every value must be of type {type}.");
        }
    }

    private static bool Matches(JsonNode? value, string type) => (type, value?.GetValueKind()) switch
    {
        ("string", JsonValueKind.String) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => IsInteger(value!),
        _ => false,
    };

    private static bool IsInteger(JsonNode value) => value.AsValue().TryGetValue<decimal>(out var d) ? d == decimal.Truncate(d)
        : double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == Math.Floor(x);
}
