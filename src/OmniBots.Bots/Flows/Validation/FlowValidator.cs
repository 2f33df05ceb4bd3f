using System.Text.Json;
using OmniBots.Bots.Flows.Catalogue;

namespace OmniBots.Bots.Flows.Validation;

/// <summary>What the validator needs to know outside the graph: which Go-to targets and prompts exist.</summary>
internal sealed record ValidationReferences(
    IReadOnlySet<string> LinkedFlowKeys, IReadOnlySet<Guid> ReusableFlowIds, IReadOnlyDictionary<string, int> PromptLatestVersions);

/// <summary>
/// Validates one flow (FLOW-1) and returns every problem at once. Pure: references are looked up beforehand
/// (<see cref="ReferenceLookup"/>). Disabled nodes are checked for structure but not for settings, since they never run.
/// </summary>
internal static partial class FlowValidator
{
    public static List<FlowProblem> Validate(FlowGraph graph, string flow, ValidationReferences references)
    {
        var problems = new List<FlowProblem>();
        var nodes = IndexNodes(graph.Nodes ?? [], flow, problems);
        foreach (var (id, node) in nodes)
        {
            if (NodeCatalogue.Find(node.Type) is not { } spec)
            {
                problems.Add(new(ProblemCodes.UnknownNodeType, $"Unknown node type '{node.Type}'.", flow, id));
                continue;
            }
            if (node.OutputVariable is { Length: > 0 } variable && !Syntax.IsVariableName(variable))
            {
                problems.Add(new(ProblemCodes.InvalidSetting, "outputVariable must be a variable name.", flow, id, Setting: "outputVariable"));
            }
            if (node.Enabled != false)
            {
                var settings = new SettingsValidator((code, setting, message) => problems.Add(new(code, message, flow, id, Setting: setting)));
                settings.ValidateObject(node.Settings, spec.Settings, "");
                CheckRules(node, flow, references, problems);
            }
        }
        var usable = CheckEdges(graph.Edges ?? [], nodes, flow, problems);
        CheckOutputs(nodes, usable, flow, problems);
        CheckEntryAndReachability(nodes, usable, flow, problems);
        return problems;
    }

    private static Dictionary<string, FlowNode> IndexNodes(List<FlowNode> nodes, string flow, List<FlowProblem> problems)
    {
        var index = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node is null || string.IsNullOrWhiteSpace(node.Id))
            {
                problems.Add(new(ProblemCodes.InvalidNode, "A node has no id.", flow));
            }
            else if (!index.TryAdd(node.Id, node))
            {
                problems.Add(new(ProblemCodes.DuplicateNodeId, $"Two nodes have the id '{node.Id}'.", flow, node.Id));
            }
        }
        return index;
    }

    /// <summary>The outputs a node of a known type has: its static outputs and one per item of its dynamic-output list.</summary>
    public static HashSet<string> OutputsOf(FlowNode node, NodeTypeSpec spec)
    {
        var outputs = spec.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        outputs.UnionWith(DynamicOutputIds(node, spec));
        return outputs;
    }

    private static IEnumerable<string> DynamicOutputIds(FlowNode node, NodeTypeSpec spec)
    {
        if (spec.DynamicOutputs is not { } dynamic || node.Settings is not { ValueKind: JsonValueKind.Object } settings
            || !settings.TryGetProperty(dynamic.Setting, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(dynamic.IdField, out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 } text)
            {
                yield return text;
            }
        }
    }

    /// <summary>Edge checks; returns the edges the executor could follow (source, output → target).</summary>
    private static Dictionary<(string Source, string Output), string> CheckEdges(
        List<FlowEdge> edges, Dictionary<string, FlowNode> nodes, string flow, List<FlowProblem> problems)
    {
        var usable = new Dictionary<(string, string), string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(string?, string?, string?)>();
        foreach (var edge in edges)
        {
            if (edge is null || string.IsNullOrWhiteSpace(edge.Id) || string.IsNullOrWhiteSpace(edge.SourceHandle))
            {
                problems.Add(new(ProblemCodes.InvalidEdge, "An edge needs an id, a source, a sourceHandle and a target.", flow, edge?.Source, edge?.Id));
                continue;
            }
            if (!ids.Add(edge.Id) || !seen.Add((edge.Source, edge.SourceHandle, edge.Target)))
            {
                problems.Add(new(ProblemCodes.DuplicateEdge, $"Edge '{edge.Id}' repeats an edge id or another edge ({edge.Source}.{edge.SourceHandle} -> {edge.Target}).",
                    flow, edge.Source, edge.Id));
                continue;
            }
            var knownSource = edge.Source is not null && nodes.ContainsKey(edge.Source);
            var knownTarget = edge.Target is not null && nodes.ContainsKey(edge.Target);
            if (!knownSource || !knownTarget)
            {
                // Reported on the source node when it exists, so the canvas can point at the loose end.
                var end = knownSource ? $"target node '{edge.Target}'" : $"source node '{edge.Source}'";
                problems.Add(new(ProblemCodes.DanglingEdge, $"Edge '{edge.Id}' has an unknown {end}.", flow, knownSource ? edge.Source : null, edge.Id));
                continue;
            }
            var source = nodes[edge.Source!];
            if (NodeCatalogue.Find(source.Type) is not { } spec)
            {
                // Already reported as an unknown type; keep the edge so the nodes after it are not also called unreachable.
                usable.TryAdd((source.Id!, edge.SourceHandle), edge.Target!);
                continue;
            }
            if (!OutputsOf(source, spec).Contains(edge.SourceHandle))
            {
                problems.Add(new(ProblemCodes.UnknownOutput, $"Node '{source.Id}' ({spec.Type}) has no output '{edge.SourceHandle}'.", flow, source.Id, edge.Id));
            }
            else if (!usable.TryAdd((source.Id!, edge.SourceHandle), edge.Target!))
            {
                problems.Add(new(ProblemCodes.OutputHasMultipleTargets,
                    $"Output '{edge.SourceHandle}' of node '{source.Id}' already has an edge: an output leads to one node.", flow, source.Id, edge.Id));
            }
        }
        return usable;
    }

    private static void CheckOutputs(Dictionary<string, FlowNode> nodes, Dictionary<(string, string), string> usable, string flow, List<FlowProblem> problems)
    {
        foreach (var (id, node) in nodes)
        {
            if (NodeCatalogue.Find(node.Type) is not { } spec)
            {
                continue;
            }
            var required = spec.Outputs.Where(o => o.Required).Select(o => o.Name);
            if (spec.DynamicOutputs is { Required: true })
            {
                required = required.Concat(DynamicOutputIds(node, spec));
            }
            foreach (var output in required.Distinct(StringComparer.Ordinal).Where(o => !usable.ContainsKey((id, o))))
            {
                problems.Add(new(ProblemCodes.OutputWithoutTarget, $"Output '{output}' of node '{id}' ({spec.Type}) needs an edge.", flow, id));
            }
        }
    }

    private static void CheckEntryAndReachability(
        Dictionary<string, FlowNode> nodes, Dictionary<(string, string), string> usable, string flow, List<FlowProblem> problems)
    {
        var entries = nodes.Values.Where(n => NodeCatalogue.Find(n.Type)?.IsEntry == true).ToList();
        if (entries.Count == 0)
        {
            problems.Add(new(ProblemCodes.NoEntryNode, "The flow has no Start node.", flow));
            return;
        }
        foreach (var extra in entries.Skip(1))
        {
            problems.Add(new(ProblemCodes.MultipleEntryNodes, $"Node '{extra.Id}' is a second Start node; a flow has exactly one.", flow, extra.Id));
        }
        var reached = new HashSet<string>(StringComparer.Ordinal) { entries[0].Id! };
        var queue = new Queue<string>(reached);
        var targets = usable.GroupBy(e => e.Key.Item1, e => e.Value).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in targets.GetValueOrDefault(current) ?? [])
            {
                if (reached.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }
        foreach (var id in nodes.Keys.Where(id => !reached.Contains(id) && !entries.Any(e => e.Id == id)))
        {
            problems.Add(new(ProblemCodes.UnreachableNode, $"Node '{id}' cannot be reached from the Start node.", flow, id));
        }
    }
}
