using System.Text.Json.Nodes;
using Npgsql;

namespace OmniBots.Conversations.Contracts;

/// <summary>
/// What happens to conversations, for other modules. Two ways to hear it:
/// <list type="bullet">
/// <item>the <c>IEventBus</c> channel <see cref="Channel"/> (NOTIFY after commit, every replica, at most once): a
/// wake-up with <see cref="ConversationNotice"/> as JSON, e.g. for a socket on another replica to read the new
/// messages; after a reconnect, re-read from the last sequence you saw;</item>
/// <item>every registered <see cref="IConversationEventSink"/>, called inside the committing transaction (exactly
/// once with the change, e.g. to enqueue webhook deliveries as jobs).</item>
/// </list>
/// </summary>
public static class ConversationEvents
{
    public const string Channel = "conversations";

    public const string Started = "conversation.started";
    public const string MessageCreated = "message.created";
    public const string HandoffRequested = "conversation.handoff_requested";
    public const string Closed = "conversation.closed";
    public const string Feedback = "message.feedback";

    public static readonly IReadOnlyList<string> All = [Started, MessageCreated, HandoffRequested, Closed, Feedback];
}

/// <summary>The NOTIFY payload (JSON, camelCase): the conversation and its highest committed message sequence.</summary>
public sealed record ConversationNotice(Guid TenantId, Guid ConversationId, long LastSequence, string Type);

/// <param name="Type">One of <see cref="ConversationEvents"/>' names.</param>
/// <param name="Data">The event's details: the message (as the API returns it) for message.created, the handoff
/// request, the close reason, the feedback.</param>
public sealed record ConversationEvent(
    Guid Id, string Type, Guid TenantId, Guid ConversationId, Guid BotId, string Channel, DateTimeOffset OccurredAt, JsonObject Data);

/// <summary>Called in the transaction that commits the change (use the connection; do not commit it). Scoped.</summary>
public interface IConversationEventSink
{
    Task HandleAsync(NpgsqlConnection connection, IReadOnlyList<ConversationEvent> events, CancellationToken ct);
}
