using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Assignments in order (a later one sees the earlier ones). A value that does not convert to its valueType
/// sets null and the error is traced (docs/nodes.md).</summary>
internal sealed class SetVariableNode : INodeHandler
{
    public string Type => "set_variable";
    public string? PassThrough => "next";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        foreach (var assignment in context.Settings.Objects("assignments"))
        {
            if (assignment.String("variable") is not { } variable)
            {
                continue;
            }
            var text = context.Render(assignment.String("value") ?? "");
            var type = assignment.String("valueType", "string")!;
            var value = Convert(text, type);
            if (value is null && type != "string" && !(type == "json" && text.Trim() == "null"))
            {
                context.StepError = $"'{variable}': '{Shorten(text)}' is not a {type}; set to null.";
            }
            context.Set(variable, value);
        }
        return ValueTask.FromResult(NodeResult.Follow("next"));
    }

    internal static JsonNode? Convert(string text, string type)
    {
        switch (type)
        {
            case "number":
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d) : null;
            case "boolean":
                return bool.TryParse(text.Trim(), out var b) ? JsonValue.Create(b) : null;
            case "json":
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    return null;
                }
            default:
                return JsonValue.Create(text);
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
