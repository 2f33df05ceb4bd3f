using System.Text.Json;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows.Catalogue;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Flows.Validation;

/// <summary>Validates a version's flows (primary and linked) or a reusable flow, looking up the Go-to targets and
/// prompts they reference in the current tenant first.</summary>
internal sealed class FlowChecker(TenantDatabase db)
{
    public async Task<List<FlowProblem>> ValidateVersionAsync(VersionContent content, CancellationToken ct)
    {
        var problems = new List<FlowProblem>();
        var linked = content.LinkedFlows ?? [];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flow in linked)
        {
            if (flow?.Key is not { Length: > 0 } key || !Syntax.IsVariableName(key))
            {
                problems.Add(new(ProblemCodes.InvalidLinkedFlow, "A linked flow needs a key (letters, digits and _).", $"linked:{flow?.Key}"));
            }
            else if (!keys.Add(key))
            {
                problems.Add(new(ProblemCodes.InvalidLinkedFlow, $"Two linked flows have the key '{key}'.", $"linked:{key}"));
            }
        }
        var graphs = new List<(string Name, FlowGraph Graph)> { ("primary", content.PrimaryFlow ?? FlowGraph.Empty) };
        graphs.AddRange(linked.Where(f => f?.Key is { Length: > 0 }).Select(f => ($"linked:{f.Key}", f.Graph)));
        var references = await LoadAsync(graphs.Select(g => g.Graph), keys, ct);
        foreach (var (name, graph) in graphs)
        {
            problems.AddRange(FlowValidator.Validate(graph, name, references));
        }
        return problems;
    }

    public async Task<List<FlowProblem>> ValidateReusableAsync(FlowGraph graph, CancellationToken ct)
        => FlowValidator.Validate(graph, "reusable", await LoadAsync([graph], new HashSet<string>(), ct));

    private async Task<ValidationReferences> LoadAsync(IEnumerable<FlowGraph> graphs, IReadOnlySet<string> linkedKeys, CancellationToken ct)
    {
        var flowIds = new HashSet<Guid>();
        var promptKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graphs.SelectMany(g => g.Nodes ?? []))
        {
            if (node?.Settings is not { ValueKind: JsonValueKind.Object } settings)
            {
                continue;
            }
            if (node.Type == NodeCatalogue.GoToFlow && settings.TryGetProperty("flowId", out var id) && id.ValueKind == JsonValueKind.String
                && Guid.TryParse(id.GetString(), out var flowId))
            {
                flowIds.Add(flowId);
            }
            if (node.Type == NodeCatalogue.LlmResponse && settings.TryGetProperty("prompt", out var prompt) && PromptRef.TryRead(prompt) is { } reference)
            {
                promptKeys.Add(reference.Key);
            }
        }
        if (flowIds.Count == 0 && promptKeys.Count == 0)
        {
            return new(linkedKeys, new HashSet<Guid>(), new Dictionary<string, int>());
        }
        await using var connection = await db.OpenAsync(ct);
        var existingFlows = await Sql.ListAsync(connection, null, "SELECT id FROM bots.flows WHERE id = ANY(@ids)", r => r.GetGuid(0), ct,
            ("ids", flowIds.ToArray()));
        var prompts = await Sql.ListAsync(connection, null,
            "SELECT p.key, max(v.version) FROM bots.prompts p JOIN bots.prompt_versions v ON v.prompt_id = p.id WHERE p.key = ANY(@keys) GROUP BY p.key",
            r => (Key: r.GetString(0), Latest: r.GetInt32(1)), ct, ("keys", promptKeys.ToArray()));
        return new(linkedKeys, existingFlows.ToHashSet(), prompts.ToDictionary(p => p.Key, p => p.Latest, StringComparer.Ordinal));
    }
}
