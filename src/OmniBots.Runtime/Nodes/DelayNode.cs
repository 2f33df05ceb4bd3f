using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Ends the turn until a timer event at or after now + seconds (the caller schedules it from <see cref="TurnResult.ResumeAt"/>).</summary>
internal sealed class DelayNode : INodeHandler
{
    public string Type => "delay";
    public string? PassThrough => "next";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var seconds = Math.Clamp(context.Settings.Int("seconds", 1), 1, 3600);
        if (context.Settings.Bool("showTyping", true))
        {
            context.Send(new OutboundMessage(MessageKinds.Typing) { TypingDelayMs = seconds * 1000 });
        }
        return ValueTask.FromResult(NodeResult.WaitFor(new WaitState(WaitKinds.Delay, context.Now.AddSeconds(seconds))));
    }
}
