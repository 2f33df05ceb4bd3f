using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Execution;

internal enum ResultKind
{
    Follow,
    Wait,
    End,
    Enter,
}

/// <summary>What a node decided: follow one of its outputs, wait, end the flow, or enter another flow.</summary>
internal readonly record struct NodeResult(ResultKind Kind, string? Output = null, WaitState? Wait = null, string? Reason = null,
    bool ReturnToCaller = false, string? FlowId = null)
{
    public static NodeResult Follow(string output) => new(ResultKind.Follow, output);
    public static NodeResult WaitFor(WaitState wait) => new(ResultKind.Wait, Wait: wait);
    public static NodeResult EndFlow(string reason, bool returnToCaller) => new(ResultKind.End, Reason: reason, ReturnToCaller: returnToCaller);
    public static NodeResult Enter(string flowId) => new(ResultKind.Enter, FlowId: flowId);
}

/// <summary>One node type's behaviour (docs/nodes.md); registered by its type code.</summary>
internal interface INodeHandler
{
    string Type { get; }
    /// <summary>The output a disabled node is skipped through; null when the type cannot be skipped.</summary>
    string? PassThrough { get; }
    ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken);
}

/// <summary>A node that ends the turn and is resumed by the next event (Collect Input, Quick Replies, Handoff).</summary>
internal interface IWaitingNodeHandler : INodeHandler
{
    ValueTask<NodeResult> ResumeAsync(NodeContext context, InboundEvent inbound, CancellationToken cancellationToken);
}
