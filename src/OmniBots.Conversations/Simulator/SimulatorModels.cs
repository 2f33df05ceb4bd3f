using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Conversations.Contracts;

namespace OmniBots.Conversations.Simulator;

/// <param name="Variables">Initial flow variables (string values), e.g. what a widget page would pass.</param>
public sealed record SimulatorStartRequest(IReadOnlyDictionary<string, string>? Variables, string? Language);

/// <param name="Text">What the tester typed; with <see cref="Payload"/> it is a button tap (Text is its label).</param>
/// <param name="ClientMessageId">Optional: a resend with the same id is not processed twice.</param>
public sealed record SimulatorMessageRequest(string? Text, string? Payload, string? ClientMessageId);

/// <summary>One executor turn as stored: what came in, what happened, and every step.</summary>
public sealed record SimulatorTurn(
    Guid Id, long? MessageSequence, string InboundKind, string Outcome, int StepCount, double DurationMs, bool BudgetExceeded, string? Error,
    JsonElement Steps, DateTimeOffset CreatedAt);

/// <summary>Where the flow stands: status (new, waiting, ended), flow and node, what it waits for, the end reason.</summary>
public sealed record SimulatorPosition(string Status, string? FlowId, string? NodeId, string? Waiting, DateTimeOffset? ResumeAt, string? EndReason);

/// <param name="Status">The conversation's status (active, handed_off, closed).</param>
/// <param name="Turns">The session's turns (start: the first; a message: the turns it caused; GET: all).</param>
public sealed record SimulatorSession(
    Guid ConversationId, Guid BotId, int? VersionNumber, string Status, IReadOnlyList<ConversationMessage> Messages, IReadOnlyList<SimulatorTurn> Turns,
    JsonObject Variables, SimulatorPosition Position)
{
    /// <summary>Reset only: the session that was closed.</summary>
    public Guid? PreviousConversationId { get; init; }
    /// <summary>Sending a message only: the customer message as stored.</summary>
    public ConversationMessage? Message { get; init; }
}
