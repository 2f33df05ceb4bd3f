using System.Text.Json;

namespace OmniBots.Bots.Flows;

/// <summary>
/// A flow as stored (FLOW-1): typed nodes and edges. Everything is nullable because a draft is saved as the
/// canvas sends it; the validator, not the deserialiser, reports what is missing (see docs/nodes.md).
/// </summary>
internal sealed record FlowGraph(List<FlowNode>? Nodes, List<FlowEdge>? Edges)
{
    public static FlowGraph Empty => new([], []);
}

/// <param name="Settings">The node type's settings object (schema in the node catalogue).</param>
/// <param name="Enabled">False: the executor skips the node through its pass-through output. Null means true.</param>
/// <param name="OutputVariable">Where the node stores its result, for the node types that produce one.</param>
internal sealed record FlowNode(string? Id, string? Type, string? Name, string? Description, JsonElement? Settings, NodePosition? Position,
    bool? Enabled, string? OutputVariable);

internal sealed record NodePosition(double X, double Y);

/// <param name="SourceHandle">The name of the source node's output the edge leaves from.</param>
internal sealed record FlowEdge(string? Id, string? Source, string? SourceHandle, string? Target);

/// <summary>A flow owned by one bot version, targeted by "Go to flow" with its <see cref="Key"/>.</summary>
internal sealed record LinkedFlow(string? Key, string? Name, string? Description, List<FlowNode>? Nodes, List<FlowEdge>? Edges)
{
    public FlowGraph Graph => new(Nodes, Edges);
}

/// <summary>What a bot version holds: its primary flow and its linked flows.</summary>
internal sealed record VersionContent(FlowGraph? PrimaryFlow, List<LinkedFlow>? LinkedFlows)
{
    public static VersionContent Starter => new(
        new FlowGraph(
            [
                new FlowNode("start", "start", "Start", null, null, new NodePosition(0, 0), null, null),
                new FlowNode("end", "end", "End", null, null, new NodePosition(0, 160), null, null),
            ],
            [new FlowEdge("start-end", "start", "next", "end")]),
        []);
}

internal static class FlowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
