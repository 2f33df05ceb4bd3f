using System.Text.Json;

namespace OmniBots.Runtime.Flows;

internal static class FlowLimits
{
    /// <summary>The flows' regex timeout (docs/nodes.md): a timeout counts as no match.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
}

/// <summary>One flow ready to run: nodes by id, each with its outputs' targets.</summary>
internal sealed class CompiledFlow
{
    private CompiledFlow(string id, Dictionary<string, CompiledNode> nodes, string? startNodeId)
    {
        Id = id;
        Nodes = nodes;
        StartNodeId = startNodeId;
    }

    public string Id { get; }
    public IReadOnlyDictionary<string, CompiledNode> Nodes { get; }
    public string? StartNodeId { get; }

    public CompiledNode? Node(string? id) => id is not null && Nodes.TryGetValue(id, out var node) ? node : null;

    public static CompiledFlow Parse(string id, JsonElement graph)
    {
        var nodes = new Dictionary<string, CompiledNode>(StringComparer.Ordinal);
        string? start = null;
        if (graph.TryGetProperty("nodes", out var nodeArray) && nodeArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in nodeArray.EnumerateArray())
            {
                var nodeId = Text(n, "id");
                var type = Text(n, "type");
                if (string.IsNullOrEmpty(nodeId) || string.IsNullOrEmpty(type) || nodes.ContainsKey(nodeId))
                {
                    continue; // the validator refuses such flows at publish; a draft may still hold them
                }
                var settings = n.TryGetProperty("settings", out var s) && s.ValueKind == JsonValueKind.Object ? s.Clone() : default;
                var enabled = !n.TryGetProperty("enabled", out var e) || e.ValueKind != JsonValueKind.False;
                nodes[nodeId] = new CompiledNode(nodeId, type, Text(n, "name") ?? nodeId, new NodeSettings(settings), enabled,
                    Text(n, "outputVariable"));
                if (type == "start" && start is null)
                {
                    start = nodeId;
                }
            }
        }
        if (graph.TryGetProperty("edges", out var edgeArray) && edgeArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var edge in edgeArray.EnumerateArray())
            {
                var source = Text(edge, "source");
                var handle = Text(edge, "sourceHandle");
                var target = Text(edge, "target");
                if (source is not null && handle is not null && target is not null && nodes.TryGetValue(source, out var node))
                {
                    node.Edges.TryAdd(handle, target); // an output leads to one node: the first edge wins
                }
            }
        }
        return new CompiledFlow(id, nodes, start);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

internal sealed record CompiledNode(string Id, string Type, string Name, NodeSettings Settings, bool Enabled, string? OutputVariable)
{
    public Dictionary<string, string> Edges { get; } = new(StringComparer.Ordinal);

    public string? Target(string output) => Edges.TryGetValue(output, out var target) ? target : null;
}
