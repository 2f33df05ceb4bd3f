using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Sends its last message, then ends the flow or, with returnToCaller inside a called flow, returns to the caller.
/// Disabled or not, it runs (it has no pass-through output).</summary>
internal sealed class EndNode : INodeHandler
{
    public string Type => "end";
    public string? PassThrough => null;

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        if (context.Settings.String("message") is { } message)
        {
            context.Send(OutboundMessage.PlainText(context.Render(message), null));
        }
        return ValueTask.FromResult(NodeResult.EndFlow(context.Settings.String("reason", "completed")!, context.Settings.Bool("returnToCaller", false)));
    }
}
