using System.Text;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Templates;

/// <summary>
/// A parsed template: literal text and <c>{{path}}</c> slots (<c>{{var}}</c>, <c>{{a.b}}</c>, <c>{{items[0].name}}</c>,
/// <c>{{env.X}}</c>). Parsed once per text (cached by the FlowSet); rendering is a single pass with no allocation
/// besides the result. A missing variable renders empty and is reported to the caller for the trace.
/// </summary>
internal sealed class Template
{
    private readonly Part[] _parts;

    private Template(Part[] parts) => _parts = parts;

    public bool IsConstant => _parts.All(p => p.Path is null);

    /// <summary>The path when the template is exactly one slot (<c>{{order.lines}}</c>), to read its value unrendered.</summary>
    public VariablePath? SinglePath => _parts.Length == 1 ? _parts[0].Path : null;

    public static Template Parse(string text)
    {
        var parts = new List<Part>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                parts.Add(new Part(text[at..], null));
                break;
            }
            if (open > at)
            {
                parts.Add(new Part(text[at..open], null));
            }
            var path = VariablePath.TryParse(text[(open + 2)..close].Trim());
            // Anything else between {{ and }} is a validator problem (template_syntax); at run time it stays as written.
            parts.Add(path is null ? new Part(text[open..(close + 2)], null) : new Part(null, path));
            at = close + 2;
        }
        return new Template([.. parts]);
    }

    public string Render(JsonObject variables, IReadOnlyDictionary<string, string> env, List<string>? missing)
    {
        if (_parts.Length == 1 && _parts[0].Literal is { } only)
        {
            return only;
        }
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Literal is not null)
            {
                builder.Append(part.Literal);
            }
            else if (Resolve(part.Path!, variables, env, out var text))
            {
                builder.Append(text);
            }
            else
            {
                missing?.Add(part.Path!.Text);
            }
        }
        return builder.ToString();
    }

    /// <summary>The value of a path: env.X from the secrets, anything else from the variables.</summary>
    public static bool Resolve(VariablePath path, JsonObject variables, IReadOnlyDictionary<string, string> env, out string text)
    {
        if (path.First == "env" && path.SecondName is { } name)
        {
            var known = env.TryGetValue(name, out var secret);
            text = secret ?? "";
            return known;
        }
        var found = path.TryResolve(variables, out var node);
        text = VariablePath.ToText(node);
        return found;
    }

    private sealed record Part(string? Literal, VariablePath? Path);
}
