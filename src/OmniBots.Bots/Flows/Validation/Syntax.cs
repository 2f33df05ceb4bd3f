using System.Text.RegularExpressions;

namespace OmniBots.Bots.Flows.Validation;

/// <summary>The little languages inside settings: templates, variable names, regex, JSONPath.</summary>
internal static partial class Syntax
{
    /// <summary>How long a flow's regex may run on one input; the executor uses the same limit.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+|\[\d+\])*$")]
    private static partial Regex TemplatePath();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^\$((\.\.?([A-Za-z_][A-Za-z0-9_-]*|\*))|(\[\d+\])|(\[\*\])|(\['[^']+'\]))*$")]
    private static partial Regex JsonPathPattern();

    /// <summary>Null when <paramref name="text"/> is a valid template: every <c>{{</c> closed, each holding a path
    /// (<c>var</c>, <c>a.b</c>, <c>items[0].name</c>, <c>env.X</c>); otherwise what is wrong.</summary>
    public static string? TemplateError(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf("}}", at + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return $"'{{{{' at position {at} is never closed with '}}}}'.";
            }
            var inner = text[(at + 2)..close];
            if (inner.Contains("{{", StringComparison.Ordinal))
            {
                return $"'{{{{' at position {at} opens again before it is closed.";
            }
            var path = inner.Trim();
            if (!TemplatePath().IsMatch(path))
            {
                return path.Length == 0
                    ? $"Empty '{{{{}}}}' at position {at}."
                    : $"'{{{{{inner}}}}}' at position {at}: expected a variable path such as name, order.id, items[0] or env.API_KEY.";
            }
            at = close + 2;
        }
        return null;
    }

    /// <summary>The variable paths a template uses, in order of appearance.</summary>
    public static IEnumerable<string> TemplateVariables(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf("}}", at + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                yield break;
            }
            var path = text[(at + 2)..close].Trim();
            if (TemplatePath().IsMatch(path))
            {
                yield return path;
            }
            at = close + 2;
        }
    }

    public static bool IsVariableName(string text) => text.Length <= 100 && VariableName().IsMatch(text);

    public static bool IsJsonPath(string text) => JsonPathPattern().IsMatch(text);

    public static string? RegexError(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, RegexTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
