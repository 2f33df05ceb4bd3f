using System.Globalization;
using System.Text.RegularExpressions;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// Ordered rules, first match wins, else default (FLOW-4). gt/gte/lt/lte compare as numbers when both sides parse,
/// else as ordinal strings; eq/neq/contains ignore case; regex has a 100 ms timeout (a timeout is no match).
/// </summary>
internal sealed class ConditionNode : INodeHandler
{
    public string Type => "condition";
    public string? PassThrough => "default";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        foreach (var rule in context.Settings.Objects("rules"))
        {
            var left = context.Render(rule.String("left"));
            var op = rule.String("operator", "eq")!;
            var right = op is "is_empty" or "is_not_empty" ? "" : context.Render(rule.String("value"));
            if (Evaluate(context, op, left, right) && rule.String("id") is { } id)
            {
                return ValueTask.FromResult(NodeResult.Follow(id));
            }
        }
        return ValueTask.FromResult(NodeResult.Follow("default"));
    }

    internal static bool Evaluate(NodeContext context, string op, string left, string right) => op switch
    {
        "eq" => string.Equals(left.Trim(), right.Trim(), StringComparison.OrdinalIgnoreCase) || NumbersEqual(left, right),
        "neq" => !string.Equals(left.Trim(), right.Trim(), StringComparison.OrdinalIgnoreCase) && !NumbersEqual(left, right),
        "gt" => Compare(left, right) > 0,
        "gte" => Compare(left, right) >= 0,
        "lt" => Compare(left, right) < 0,
        "lte" => Compare(left, right) <= 0,
        "contains" => left.Contains(right, StringComparison.OrdinalIgnoreCase),
        "regex" => Regex(context, right, left),
        "is_empty" => IsEmpty(left),
        "is_not_empty" => !IsEmpty(left),
        _ => Unknown(context, op),
    };

    private static bool IsEmpty(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 || trimmed is "[]" or "{}" or "null";
    }

    private static bool NumbersEqual(string left, string right) =>
        TryNumber(left, out var a) && TryNumber(right, out var b) && a == b;

    private static int Compare(string left, string right) =>
        TryNumber(left, out var a) && TryNumber(right, out var b) ? a.CompareTo(b) : string.CompareOrdinal(left, right);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool Regex(NodeContext context, string pattern, string input)
    {
        var regex = context.Flows.Regex(pattern);
        if (regex is null)
        {
            context.Note($"rule pattern '{pattern}' does not compile: no match");
            return false;
        }
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            context.Note($"rule pattern '{pattern}' timed out (100 ms): no match");
            return false;
        }
    }

    private static bool Unknown(NodeContext context, string op)
    {
        context.Note($"unknown operator '{op}': no match");
        return false;
    }
}
