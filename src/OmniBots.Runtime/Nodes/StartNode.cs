using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>The flow's entry: follows next at once.</summary>
internal sealed class StartNode : INodeHandler
{
    public string Type => "start";
    public string? PassThrough => "next";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken) => ValueTask.FromResult(NodeResult.Follow("next"));
}
