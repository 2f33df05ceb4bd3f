using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// Records a handoff request in the turn result (the caller emits the event; the agent hub comes later), tells the
/// user, and waits: while handed off the bot does not answer. The hub's answer arrives as an event: returned or
/// unavailable.
/// </summary>
internal sealed class HandoffNode : IWaitingNodeHandler
{
    public string Type => "handoff";
    public string? PassThrough => "returned";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        context.Handoff = new HandoffRequest(context.Node.Id, settings.String("queue"), context.Render(settings.String("reason")),
            settings.String("priority", "normal")!, settings.Bool("includeSummary", true));
        context.Send(OutboundMessage.PlainText(context.Render(settings.String("message", "Connecting you to an agent...")), null));
        return ValueTask.FromResult(NodeResult.WaitFor(new WaitState(WaitKinds.Handoff)));
    }

    public ValueTask<NodeResult> ResumeAsync(NodeContext context, InboundEvent inbound, CancellationToken cancellationToken) =>
        ValueTask.FromResult(inbound.Kind switch
        {
            InboundKind.HandoffReturned => NodeResult.Follow("returned"),
            InboundKind.HandoffUnavailable => NodeResult.Follow("unavailable"),
            _ => NodeResult.WaitFor(context.State.Waiting!),
        });
}
