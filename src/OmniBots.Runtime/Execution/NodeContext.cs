using System.Text.Json.Nodes;
using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Flows;

namespace OmniBots.Runtime.Execution;

/// <summary>What a node handler sees of the turn: its node, the state, the services, and where to put messages and notes.</summary>
internal sealed class NodeContext(FlowSet flows, ConversationState state, TurnContext turn, RuntimeServices services, ExecutorOptions options,
    List<OutboundMessage> messages, HttpClient apiHttp)
{
    public FlowSet Flows { get; } = flows;
    public ConversationState State { get; } = state;
    public TurnContext Turn { get; } = turn;
    public RuntimeServices Services { get; } = services;
    public ExecutorOptions Options { get; } = options;
    public HttpClient ApiHttp { get; } = apiHttp;
    public List<OutboundMessage> Messages { get; } = messages;
    public CompiledFlow Flow { get; set; } = null!;
    public CompiledNode Node { get; set; } = null!;
    /// <summary>The step's traced error when the node still produced an outcome (e.g. a failed conversion).</summary>
    public string? StepError { get; set; }
    public List<string>? Notes { get; private set; }
    public HandoffRequest? Handoff { get; set; }

    public JsonObject Variables => State.Variables;
    public NodeSettings Settings => Node.Settings;
    public DateTimeOffset Now => Services.Time.GetUtcNow();
    public string Key => Flow.Id + "/" + Node.Id;

    public void BeginStep(CompiledFlow flow, CompiledNode node)
    {
        Flow = flow;
        Node = node;
        StepError = null;
        Notes = null;
    }

    public void Note(string note) => (Notes ??= []).Add(note);

    /// <summary>Renders a template setting; unknown variables render empty and are noted in the trace.</summary>
    public string Render(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return "";
        }
        var missing = new List<string>(0);
        var text = Flows.Template(template).Render(Variables, Turn.Env, missing);
        foreach (var path in missing)
        {
            Note($"unknown variable {{{{{path}}}}} rendered empty");
        }
        return text;
    }

    /// <summary>The template setting in the session language when a variant exists (<c>textByLanguage</c>), else the base.</summary>
    public string RenderLocalized(NodeSettings settings, string name, string mapName) =>
        Render(settings.ForLanguage(mapName, State.Language) ?? settings.String(name));

    public JsonNode? Get(string path) => VariablePath.TryParse(path)?.Resolve(Variables);

    public void Set(string path, JsonNode? value)
    {
        var parsed = VariablePath.TryParse(path) ?? throw new InvalidOperationException($"'{path}' is not a variable name.");
        parsed.Assign(Variables, value);
    }

    /// <summary>The node's outputVariable, else the type's default.</summary>
    public string OutputVariable(string fallback) => string.IsNullOrWhiteSpace(Node.OutputVariable) ? fallback : Node.OutputVariable;

    public void Send(OutboundMessage message) => Messages.Add(message with { NodeId = Node.Id });

    /// <summary>Sets <c>error.message</c> and follows the node's error output (docs/nodes.md).</summary>
    public NodeResult Fail(string message, string output = "error")
    {
        StepError = message;
        Set("error.message", message);
        return NodeResult.Follow(output);
    }
}
