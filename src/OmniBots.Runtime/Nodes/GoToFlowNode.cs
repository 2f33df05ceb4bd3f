using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Enters a linked flow (by key) or a reusable flow (by id) at its start; the executor pushes a call frame so an
/// End with returnToCaller comes back to this node's returned output.</summary>
internal sealed class GoToFlowNode : INodeHandler
{
    public string Type => "go_to_flow";
    public string? PassThrough => "returned";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var target = settings.String("linkedFlow") is { } key ? FlowSet.LinkedFlowId(key)
            : Guid.TryParse(settings.String("flowId"), out var id) ? FlowSet.ReusableFlowId(id)
            : null;
        if (target is null)
        {
            context.StepError = "Go to flow names neither linkedFlow nor flowId.";
            return ValueTask.FromResult(NodeResult.EndFlow("error", false));
        }
        return ValueTask.FromResult(NodeResult.Enter(target));
    }
}
