using System.Text.Json;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Function parameters go to Gemini as its <c>Schema</c>: a subset of OpenAPI 3.0, not JSON Schema. Unknown
/// keywords are refused with 400 ("Unknown name \"additionalProperties\""), so this keeps only the documented
/// ones (<see cref="Kept"/>) and drops the rest — <c>$schema</c>, <c>$id</c>, <c>$ref</c>/<c>$defs</c>/<c>definitions</c>,
/// <c>additionalProperties</c>, <c>oneOf</c>/<c>allOf</c>/<c>not</c>, <c>const</c>, <c>examples</c>,
/// <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, <c>multipleOf</c>, <c>uniqueItems</c>, <c>patternProperties</c>…
/// Types are upper-cased (the <c>Type</c> enum is STRING, OBJECT…), and a JSON-Schema type list such as
/// <c>["string","null"]</c> becomes the single type plus <c>nullable: true</c>.
/// </summary>
internal static class GeminiSchema
{
    private static readonly HashSet<string> Kept =
    [
        "type", "format", "title", "description", "nullable", "enum", "items", "properties", "required", "anyOf",
        "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern", "minProperties",
        "maxProperties", "default", "example", "propertyOrdering",
    ];

    /// <summary>False for a schema with no properties: Gemini refuses an OBJECT without any, so the declaration then has no parameters.</summary>
    public static bool HasParameters(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties)
        && properties.ValueKind == JsonValueKind.Object && properties.EnumerateObject().Any();

    public static void Write(Utf8JsonWriter w, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            schema.WriteTo(w);
            return;
        }
        w.WriteStartObject();
        var nullable = false;
        foreach (var keyword in schema.EnumerateObject().Where(p => Kept.Contains(p.Name)))
        {
            switch (keyword.Name)
            {
                case "type":
                    nullable |= WriteType(w, keyword.Value);
                    break;
                case "nullable":
                    nullable |= keyword.Value.ValueKind == JsonValueKind.True;
                    break;
                case "properties" when keyword.Value.ValueKind == JsonValueKind.Object:
                    // Keys here are property names, not keywords: keep them all, convert their schemas.
                    w.WriteStartObject("properties");
                    foreach (var property in keyword.Value.EnumerateObject())
                    {
                        w.WritePropertyName(property.Name);
                        Write(w, property.Value);
                    }
                    w.WriteEndObject();
                    break;
                case "items":
                    w.WritePropertyName("items");
                    Write(w, keyword.Value);
                    break;
                case "anyOf" when keyword.Value.ValueKind == JsonValueKind.Array:
                    w.WriteStartArray("anyOf");
                    foreach (var option in keyword.Value.EnumerateArray())
                    {
                        Write(w, option);
                    }
                    w.WriteEndArray();
                    break;
                case "enum" when keyword.Value.ValueKind == JsonValueKind.Array:
                    // Gemini's enum is a list of strings, even for numbers.
                    w.WriteStartArray("enum");
                    foreach (var value in keyword.Value.EnumerateArray())
                    {
                        w.WriteStringValue(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                    }
                    w.WriteEndArray();
                    break;
                default:
                    keyword.WriteTo(w);
                    break;
            }
        }
        if (nullable)
        {
            w.WriteBoolean("nullable", true);
        }
        w.WriteEndObject();
    }

    /// <summary>Writes the upper-cased type; returns true when the JSON-Schema type list allowed null.</summary>
    private static bool WriteType(Utf8JsonWriter w, JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            w.WriteString("type", type.GetString()!.ToUpperInvariant());
            return false;
        }
        if (type.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        var types = type.EnumerateArray().Select(t => t.GetString() ?? "").ToList();
        var single = types.FirstOrDefault(t => t != "null");
        if (single is not null)
        {
            w.WriteString("type", single.ToUpperInvariant());
        }
        return types.Contains("null");
    }
}
