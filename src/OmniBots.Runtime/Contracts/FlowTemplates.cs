using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;
using OmniBots.Runtime.Templates;

namespace OmniBots.Runtime.Contracts;

/// <summary>
/// The runtime's template renderer and JSONPath subset for other modules (the tenant tools render their HTTP actions
/// with the same <c>{{a.b}}</c> / <c>{{env.X}}</c> rules and map responses with the same JSONPath as API Call nodes).
/// </summary>
public static class FlowTemplates
{
    // Tool actions are a handful of strings per tenant; parsing once keeps rendering a single pass.
    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    /// <summary>
    /// Renders <paramref name="template"/>: <c>{{env.X}}</c> from <paramref name="env"/>, other paths from
    /// <paramref name="variables"/>. A missing value renders empty and its path is added to <paramref name="missing"/>.
    /// </summary>
    public static string Render(string template, JsonObject variables, IReadOnlyDictionary<string, string> env, List<string>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(env);
        var parsed = Parsed.Count < 10_000 ? Parsed.GetOrAdd(template, Template.Parse) : Template.Parse(template);
        return parsed.Render(variables, env, missing);
    }

    /// <summary>
    /// The JSONPath subset of docs/nodes.md (<c>$</c>, <c>.name</c>, <c>..name</c>, <c>[n]</c>, <c>[*]</c>, <c>['name']</c>):
    /// one value, a list for wildcards and descent, null when nothing matches. Throws <see cref="FormatException"/> for a bad path.
    /// </summary>
    public static JsonNode? SelectJsonPath(JsonNode? root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return JsonPath.Select(root, path);
    }

    /// <summary>Null when <paramref name="path"/> is a JSONPath of the supported subset, else why not.</summary>
    public static string? JsonPathError(string path)
    {
        try
        {
            JsonPath.Select(new JsonObject(), path ?? "");
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }
}
