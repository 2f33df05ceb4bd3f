using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>The handlers by node type code (the codes of the bots module's node catalogue, docs/nodes.md).</summary>
internal static class NodeHandlers
{
    private static readonly Dictionary<string, INodeHandler> ByType = new INodeHandler[]
    {
        new StartNode(), new SendMessageNode(), new QuickRepliesNode(), new RichContentNode(), new CollectInputNode(),
        new LlmResponseNode(), new KbSearchNode(), new RagQueryNode(), new IntentClassificationNode(),
        new ConditionNode(), new IntentRouterNode(), new SetVariableNode(), new LoopNode(), new DelayNode(), new EndNode(), new GoToFlowNode(),
        new ApiCallNode(), new ToolCallNode(), new HandoffNode(),
    }.ToDictionary(h => h.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Types => ByType.Keys;

    public static INodeHandler? Find(string type) => ByType.TryGetValue(type, out var handler) ? handler : null;
}
