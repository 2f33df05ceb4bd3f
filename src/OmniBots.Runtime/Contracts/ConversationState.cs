using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OmniBots.Runtime.Contracts;

/// <summary>
/// Everything the executor needs to resume a conversation (FLOW-7). A plain serialisable value: the runtime
/// persists it after each turn (with a revision for optimistic concurrency) and hands it back for the next one.
/// The executor never mutates the instance it is given; it returns a new one.
/// </summary>
public sealed class ConversationState
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>new, running (only inside a turn), waiting, ended.</summary>
    public string Status { get; set; } = ConversationStatus.New;
    /// <summary>The flow of the current node: "primary", "linked:&lt;key&gt;", "reusable:&lt;id&gt;".</summary>
    public string? FlowId { get; set; }
    public string? NodeId { get; set; }
    /// <summary>What the conversation waits for at <see cref="NodeId"/>, when <see cref="Status"/> is waiting.</summary>
    public WaitState? Waiting { get; set; }
    public JsonObject Variables { get; set; } = [];
    /// <summary>Invalid answers per Collect Input node ("flow/node").</summary>
    public Dictionary<string, int> Retries { get; set; } = [];
    /// <summary>Next iteration per Loop node ("flow/node").</summary>
    public Dictionary<string, int> Loops { get; set; } = [];
    /// <summary>Go to flow calls to return from (innermost last).</summary>
    public List<CallFrame> CallStack { get; set; } = [];
    /// <summary>A user message that arrived during a Delay: answered by the next waiting node.</summary>
    public string? HeldUserMessage { get; set; }
    public string? EndReason { get; set; }
    /// <summary>The session language (BCP-47) picking per-language variants.</summary>
    public string? Language { get; set; }
    public long Turns { get; set; }

    public ConversationState Clone() => new()
    {
        Status = Status,
        FlowId = FlowId,
        NodeId = NodeId,
        Waiting = Waiting,
        Variables = (JsonObject)Variables.DeepClone(),
        Retries = new Dictionary<string, int>(Retries),
        Loops = new Dictionary<string, int>(Loops),
        CallStack = [.. CallStack],
        HeldUserMessage = HeldUserMessage,
        EndReason = EndReason,
        Language = Language,
        Turns = Turns,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ConversationState FromJson(string json) =>
        JsonSerializer.Deserialize<ConversationState>(json, JsonOptions) ?? throw new JsonException("The conversation state is null.");
}

public static class ConversationStatus
{
    public const string New = "new";
    public const string Running = "running";
    public const string Waiting = "waiting";
    public const string Ended = "ended";
}

/// <param name="Kind">input (Collect Input), choice (Quick Replies), delay, handoff.</param>
/// <param name="ResumeAt">For a delay: when a timer event may continue.</param>
public sealed record WaitState(string Kind, DateTimeOffset? ResumeAt = null);

public static class WaitKinds
{
    public const string Input = "input";
    public const string Choice = "choice";
    public const string Delay = "delay";
    public const string Handoff = "handoff";
}

/// <summary>A Go to flow node waiting for its target flow to return.</summary>
public sealed record CallFrame(string FlowId, string NodeId);
