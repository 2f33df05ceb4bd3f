using System.Text.Json.Nodes;

namespace OmniBots.Runtime.Contracts;

public enum TurnOutcome
{
    /// <summary>A Collect Input or Quick Replies node waits for the user.</summary>
    WaitingForInput,
    /// <summary>A Delay waits for a timer event at <see cref="TurnResult.ResumeAt"/>.</summary>
    Delayed,
    /// <summary>A Handoff waits for an agent.</summary>
    HandedOff,
    /// <summary>The flow ended (an End node, an unconnected output, or an error that stopped it).</summary>
    Ended,
    /// <summary>The event did not apply (e.g. a user message while handed off, an early timer): nothing ran.</summary>
    Ignored,
}

/// <summary>The result of one turn: what to send, the state to save, and the trace of every step.</summary>
public sealed record TurnResult(
    ConversationState State,
    IReadOnlyList<OutboundMessage> Messages,
    IReadOnlyList<StepTrace> Trace,
    TurnOutcome Outcome)
{
    public DateTimeOffset? ResumeAt { get; init; }
    public HandoffRequest? Handoff { get; init; }
    /// <summary>The step budget stopped the turn.</summary>
    public bool BudgetExceeded { get; init; }
}

public static class MessageKinds
{
    public const string Text = "text";
    public const string RichContent = "rich_content";
    public const string Media = "media";
    public const string Typing = "typing";
}

/// <summary>One message for the channel. <see cref="Kind"/> says which members are set.</summary>
public sealed record OutboundMessage(string Kind)
{
    public string? Text { get; init; }
    public IReadOnlyList<QuickReply>? QuickReplies { get; init; }
    /// <summary>For rich content: one of the 15 widget types (CHAN-2), and its rendered payload.</summary>
    public string? ContentType { get; init; }
    public JsonNode? Content { get; init; }
    /// <summary>For media: image, video, audio or file.</summary>
    public string? MediaKind { get; init; }
    public string? Url { get; init; }
    public string? Name { get; init; }
    /// <summary>A typing indicator shown this long before the message.</summary>
    public int TypingDelayMs { get; init; }
    /// <summary>Sources cited by a KB Search answer.</summary>
    public IReadOnlyList<SourceCitation>? Sources { get; init; }
    /// <summary>The node that produced the message.</summary>
    public string? NodeId { get; init; }

    public static OutboundMessage PlainText(string text, string? nodeId) => new(MessageKinds.Text) { Text = text, NodeId = nodeId };
}

public sealed record QuickReply(string Label, string Value);

public sealed record SourceCitation(string Citation, string Title, string? Url, int? Page, double Score);

/// <summary>One node run (or skip) in a turn: the path the simulator shows and analytics count.</summary>
/// <param name="Outcome">The output followed, or what the node did: waiting, ended, delayed, skipped...</param>
/// <param name="Notes">Non-fatal remarks: unknown template variables, conversions that failed.</param>
public sealed record StepTrace(int Step, string FlowId, string NodeId, string NodeType, string? Outcome, double DurationMs, string? Error)
{
    public IReadOnlyList<string>? Notes { get; init; }
}

/// <summary>A Handoff node asked for a human agent (the hub that receives it comes later).</summary>
public sealed record HandoffRequest(string NodeId, string? Queue, string? Reason, string Priority, bool IncludeSummary);
