using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Follows the route whose intent equals the variable (default detected_intent), case-insensitively; else fallback.</summary>
internal sealed class IntentRouterNode : INodeHandler
{
    public string Type => "intent_router";
    public string? PassThrough => "fallback";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var intent = VariablePath.ToText(context.Get(context.Settings.String("variable", "detected_intent")!)).Trim();
        var route = context.Settings.Objects("routes")
            .FirstOrDefault(r => string.Equals(r.String("intent"), intent, StringComparison.OrdinalIgnoreCase) && r.String("id") is not null);
        return ValueTask.FromResult(NodeResult.Follow(intent.Length > 0 && route.Json.ValueKind != default ? route.String("id")! : "fallback"));
    }
}
