using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using OmniBots.Runtime.Flows;
using OmniBots.Runtime.Templates;

namespace OmniBots.Runtime.Contracts;

/// <summary>
/// The flows a bot version runs, parsed once from the JSON the bots module stores (docs/nodes.md): the primary flow,
/// its linked flows and the tenant reusable flows it targets, plus the managed prompt texts its LLM nodes name.
/// Immutable after parsing and safe to share between turns and threads; it caches parsed templates and regexes.
/// </summary>
public sealed class FlowSet
{
    public const string PrimaryFlowId = "primary";

    private readonly Dictionary<string, CompiledFlow> _flows;
    private readonly ConcurrentDictionary<string, Template> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Regex?> _regexes = new(StringComparer.Ordinal);

    private FlowSet(Dictionary<string, CompiledFlow> flows, IReadOnlyDictionary<string, string> prompts)
    {
        _flows = flows;
        Prompts = prompts;
    }

    /// <summary>Managed prompt texts by <c>key@version</c> and <c>key@latest</c> (PROMPT-1; resolved by the caller).</summary>
    public IReadOnlyDictionary<string, string> Prompts { get; }

    /// <param name="versionContent">A version's content: <c>{ primaryFlow: {nodes, edges}, linkedFlows: [{key, nodes, edges}] }</c>.</param>
    /// <param name="reusableFlows">Reusable flow graphs (<c>{nodes, edges}</c>) by id, as published when the turn runs.</param>
    /// <param name="prompts">Managed prompt texts by <c>key@version</c> / <c>key@latest</c>.</param>
    public static FlowSet Parse(JsonElement versionContent, IReadOnlyDictionary<Guid, JsonElement>? reusableFlows = null,
        IReadOnlyDictionary<string, string>? prompts = null)
    {
        var flows = new Dictionary<string, CompiledFlow>(StringComparer.Ordinal);
        if (versionContent.TryGetProperty("primaryFlow", out var primary) && primary.ValueKind == JsonValueKind.Object)
        {
            flows[PrimaryFlowId] = CompiledFlow.Parse(PrimaryFlowId, primary);
        }
        else
        {
            throw new FlowDefinitionException("The version has no primaryFlow.");
        }
        if (versionContent.TryGetProperty("linkedFlows", out var linked) && linked.ValueKind == JsonValueKind.Array)
        {
            foreach (var flow in linked.EnumerateArray())
            {
                var key = flow.TryGetProperty("key", out var k) ? k.GetString() : null;
                if (!string.IsNullOrEmpty(key))
                {
                    var id = LinkedFlowId(key);
                    flows[id] = CompiledFlow.Parse(id, flow);
                }
            }
        }
        foreach (var (id, graph) in reusableFlows ?? new Dictionary<Guid, JsonElement>())
        {
            var flowId = ReusableFlowId(id);
            flows[flowId] = CompiledFlow.Parse(flowId, graph);
        }
        return new FlowSet(flows, prompts ?? new Dictionary<string, string>());
    }

    public static FlowSet Parse(string versionContentJson, IReadOnlyDictionary<Guid, string>? reusableFlows = null,
        IReadOnlyDictionary<string, string>? prompts = null)
    {
        using var content = JsonDocument.Parse(versionContentJson);
        var reusable = reusableFlows?.ToDictionary(p => p.Key, p => JsonDocument.Parse(p.Value).RootElement.Clone());
        return Parse(content.RootElement.Clone(), reusable, prompts);
    }

    public static string LinkedFlowId(string key) => "linked:" + key;

    public static string ReusableFlowId(Guid id) => "reusable:" + id.ToString("D");

    internal CompiledFlow? Find(string? flowId) => flowId is not null && _flows.TryGetValue(flowId, out var flow) ? flow : null;

    internal Template Template(string text) => _templates.GetOrAdd(text, static t => Templates.Template.Parse(t));

    /// <summary>A regex with the flows' 100 ms timeout, or null when the pattern does not compile.</summary>
    internal Regex? Regex(string pattern) => _regexes.GetOrAdd(pattern, static p =>
    {
        try
        {
            return new Regex(p, RegexOptions.CultureInvariant, FlowLimits.RegexTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    });
}

/// <summary>The stored flow JSON cannot be run (no primary flow, a flow without a start node...).</summary>
public sealed class FlowDefinitionException : Exception
{
    public FlowDefinitionException()
    {
    }

    public FlowDefinitionException(string message)
        : base(message)
    {
    }

    public FlowDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
