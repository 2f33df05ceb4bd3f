using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniBots.Bots.Tools;

/// <summary>
/// Checks a call's arguments against the tool's parameter schema and returns them typed. Text is converted to the declared
/// number, integer, boolean, array or object when it parses (Tool Call nodes render every argument as text); anything else
/// wrong (missing required, unknown argument, wrong type, not in the enum) is listed, every problem at once.
/// </summary>
internal static class ToolArguments
{
    public static JsonObject Validate(JsonObject schema, JsonObject arguments, List<string> problems)
    {
        var result = new JsonObject();
        CheckObject(schema, arguments, "", result, problems);
        return result;
    }

    private static void CheckObject(JsonObject schema, JsonObject value, string prefix, JsonObject into, List<string> problems)
    {
        var properties = schema["properties"] as JsonObject ?? [];
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            // Empty text is missing too: a Tool Call node renders an unset variable as "".
            if (!value.TryGetPropertyValue(name, out var given) || given is null
                || (given.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(given.GetValue<string>())))
            {
                problems.Add($"{prefix}{name}: required.");
            }
        }
        foreach (var (name, given) in value)
        {
            if (properties[name] is not JsonObject property)
            {
                problems.Add($"{prefix}{name}: not a parameter of this tool.");
            }
            else if (given is not null)
            {
                into[name] = Check(property, given, prefix + name, problems);
            }
        }
    }

    private static JsonNode? Check(JsonObject schema, JsonNode value, string path, List<string> problems)
    {
        var type = schema["type"]?.GetValue<string>() ?? "string";
        var converted = Convert(value, type);
        if (converted is null)
        {
            problems.Add($"{path}: expected {Article(type)}, got {Describe(value)}.");
            return null;
        }
        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(Normalise(o), Normalise(converted))))
        {
            problems.Add($"{path}: must be one of {string.Join(", ", options.Select(o => o!.ToJsonString()))}.");
        }
        if (type == "array" && schema["items"] is JsonObject items && converted is JsonArray list)
        {
            var checkedList = new JsonArray();
            for (var i = 0; i < list.Count; i++)
            {
                checkedList.Add(list[i] is null ? null : Check(items, list[i]!, $"{path}[{i}]", problems));
            }
            return checkedList;
        }
        if (type == "object" && converted is JsonObject obj && schema.ContainsKey("properties"))
        {
            var checkedObject = new JsonObject();
            CheckObject(schema, obj, path + ".", checkedObject, problems);
            return checkedObject;
        }
        return converted;
    }

    /// <summary>The value as the declared type, or null when it is not (and cannot be read as) one.</summary>
    private static JsonNode? Convert(JsonNode value, string type)
    {
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>().Trim() : null;
        switch (type)
        {
            case "string":
                return kind == JsonValueKind.String ? value.DeepClone()
                    : kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(value.ToJsonString()) : null;
            case "number":
                return kind == JsonValueKind.Number ? value.DeepClone()
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d) : null;
            case "integer":
                if (kind == JsonValueKind.Number && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == decimal.Truncate(n))
                {
                    return JsonValue.Create((long)n);
                }
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : null;
            case "boolean":
                return kind is JsonValueKind.True or JsonValueKind.False ? value.DeepClone() : bool.TryParse(text, out var b) ? JsonValue.Create(b) : null;
            case "array":
                return kind == JsonValueKind.Array ? value.DeepClone() : ParseText(text) as JsonArray;
            case "object":
                return kind == JsonValueKind.Object ? value.DeepClone() : ParseText(text) as JsonObject;
            default:
                return null;
        }
    }

    private static JsonNode? ParseText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // 5 and 5.0 are the same enum value.
    private static JsonNode? Normalise(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number
        ? JsonValue.Create(decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture))
        : node;

    private static string Article(string type) => type is "array" or "object" or "integer" ? $"an {type}" : $"a {type}";

    private static string Describe(JsonNode value)
    {
        var json = value.ToJsonString();
        return $"{value.GetValueKind().ToString().ToLowerInvariant()} {(json.Length > 40 ? json[..40] + "…" : json)}";
    }
}
