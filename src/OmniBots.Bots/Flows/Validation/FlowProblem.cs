namespace OmniBots.Bots.Flows.Validation;

/// <summary>One thing wrong with a flow. <paramref name="Flow"/> is <c>primary</c>, <c>linked:&lt;key&gt;</c> or <c>reusable</c>;
/// <paramref name="Setting"/> is a path into the node's settings (<c>rules[1].value</c>).</summary>
internal sealed record FlowProblem(string Code, string Message, string Flow, string? NodeId = null, string? EdgeId = null, string? Setting = null);

/// <summary>The problem codes (stable: clients may switch on them). docs/nodes.md explains each.</summary>
internal static class ProblemCodes
{
    public const string UnknownNodeType = "unknown_node_type";
    public const string InvalidNode = "invalid_node";
    public const string DuplicateNodeId = "duplicate_node_id";
    public const string MissingSetting = "missing_setting";
    public const string InvalidSetting = "invalid_setting";
    public const string InvalidEdge = "invalid_edge";
    public const string DanglingEdge = "dangling_edge";
    public const string DuplicateEdge = "duplicate_edge";
    public const string UnknownOutput = "unknown_output";
    public const string OutputHasMultipleTargets = "output_has_multiple_targets";
    public const string NoEntryNode = "no_entry_node";
    public const string MultipleEntryNodes = "multiple_entry_nodes";
    public const string UnreachableNode = "unreachable_node";
    public const string OutputWithoutTarget = "output_without_target";
    public const string UnknownFlowTarget = "unknown_flow_target";
    public const string UnknownPrompt = "unknown_prompt";
    public const string TemplateSyntax = "template_syntax";
    public const string InvalidRegex = "invalid_regex";
    public const string InvalidLinkedFlow = "invalid_linked_flow";
}
