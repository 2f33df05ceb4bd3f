using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// Each visit runs one iteration (follows body) or, when the iterations are over, follows done and forgets its
/// counter. The counter lives in the state, so a body that waits for the user resumes the loop in a later turn.
/// </summary>
internal sealed class LoopNode : INodeHandler
{
    public string Type => "loop";
    public string? PassThrough => "done";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var index = context.State.Loops.GetValueOrDefault(context.Key);
        JsonArray? items = null;
        int total;
        if (settings.String("mode") == "each")
        {
            items = Items(context, settings.String("items") ?? "");
            total = items?.Count ?? 0;
        }
        else
        {
            total = settings.Int("count", 0);
        }
        total = Math.Min(total, settings.Int("maxIterations", 100));
        if (index >= total)
        {
            context.State.Loops.Remove(context.Key);
            return ValueTask.FromResult(NodeResult.Follow("done"));
        }
        context.State.Loops[context.Key] = index + 1;
        context.Set(settings.String("indexVariable", "loop_index")!, index);
        if (items is not null)
        {
            context.Set(settings.String("itemVariable", "loop_item")!, items[index]?.DeepClone());
        }
        return ValueTask.FromResult(NodeResult.Follow("body"));
    }

    /// <summary>The list a template names: <c>{{order.lines}}</c> reads the variable itself; other text is parsed as JSON.</summary>
    private static JsonArray? Items(NodeContext context, string template)
    {
        if (context.Flows.Template(template).SinglePath is { } path)
        {
            if (path.Resolve(context.Variables) is JsonArray list)
            {
                return list;
            }
            context.Note($"{{{{{path.Text}}}}} is not a list: no iterations");
            return null;
        }
        try
        {
            return JsonNode.Parse(context.Render(template)) as JsonArray;
        }
        catch (JsonException)
        {
            context.Note("items is not a list: no iterations");
            return null;
        }
    }
}
