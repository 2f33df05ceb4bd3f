using OmniBots.Bots.Contracts;

namespace OmniBots.Conversations.Contracts;

/// <summary>
/// Runs conversations for the channels (widget socket, REST channel, simulator): starts them, accepts customer
/// messages, runs the bot's turns and reads the history. Scoped: the tenant comes from the scope's
/// <c>ITenantContext</c> (an authenticated request, or a channel that resolved a deployment key and set it).
/// <para>
/// Accepting and answering are separate so a channel can acknowledge a message as soon as it is committed:
/// <see cref="AcceptAsync"/> commits it (a resend with the same client id returns the original), then
/// <see cref="ProcessAsync"/> runs the turns of every accepted, unanswered message in order. Turns commit with
/// optimistic concurrency on the conversation's revision, so when two replicas race, one answers and the other
/// finds nothing left to do. Every committed change publishes <see cref="ConversationEvents.Channel"/>.
/// </para>
/// </summary>
public interface IConversationEngine
{
    /// <summary>Creates a conversation on the chosen version of the bot and runs its first turn (the greeting).</summary>
    Task<StartResult> StartAsync(StartConversation request, CancellationToken ct);

    /// <summary>Commits a customer message (idempotent by <see cref="InboundMessage.ClientMessageId"/>). Does not answer it.</summary>
    Task<AcceptResult> AcceptAsync(Guid conversationId, InboundMessage message, CancellationToken ct);

    /// <summary>Answers every accepted message not answered yet, in order; returns the messages the turns produced
    /// (empty when another replica answered them first). Also what recovery runs after a crash.</summary>
    Task<IReadOnlyList<ConversationMessage>> ProcessAsync(Guid conversationId, CancellationToken ct);

    /// <summary><see cref="AcceptAsync"/> then <see cref="ProcessAsync"/>: what a synchronous channel (REST) needs.</summary>
    Task<PostResult> PostAsync(Guid conversationId, InboundMessage message, CancellationToken ct);

    /// <summary>Messages with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="limit"/>.
    /// Null when the conversation does not exist (in this tenant).</summary>
    Task<IReadOnlyList<ConversationMessage>?> ReadAsync(Guid conversationId, long afterSequence, int limit, CancellationToken ct);

    Task<ConversationSummary?> FindAsync(Guid conversationId, CancellationToken ct);

    /// <summary>Records a customer's rating of a bot message (and publishes <c>message.feedback</c>).</summary>
    Task<FeedbackStatus> RecordFeedbackAsync(Guid conversationId, Guid messageId, MessageFeedback feedback, CancellationToken ct);

    /// <summary>Closes the conversation (the channel ended it, idle timeout). False when it does not exist.</summary>
    Task<bool> CloseAsync(Guid conversationId, string reason, CancellationToken ct);
}

/// <param name="Channel">widget, rest, simulator, ...</param>
/// <param name="Variables">Initial flow variables (e.g. the widget's page metadata), merged before the first turn.</param>
public sealed record StartConversation(Guid BotId, string Channel)
{
    public Guid? DeploymentId { get; init; }
    public BotVersionChoice Version { get; init; } = BotVersionChoice.Published;
    public string? CustomerExternalId { get; init; }
    public string? CustomerName { get; init; }
    public string? Language { get; init; }
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}

public enum StartStatus
{
    Started,
    /// <summary>The bot does not exist, is disabled, or has no such version.</summary>
    BotNotAvailable,
}

public sealed record StartResult(StartStatus Status, ConversationSummary? Conversation, IReadOnlyList<ConversationMessage> Messages);

public static class InboundKinds
{
    public const string Text = "text";
    /// <summary>A button or quick reply tap: <see cref="InboundMessage.Payload"/> is its value, Text its label.</summary>
    public const string Button = "button";
}

/// <param name="ClientMessageId">The client's id for the message (1–100 characters): a resend with the same id is not processed twice.</param>
public sealed record InboundMessage(string ClientMessageId, string Kind, string? Text)
{
    public string? Payload { get; init; }
    public IReadOnlyList<AttachmentRef>? Attachments { get; init; }
}

/// <summary>A file the customer uploaded over HTTP before sending the message that carries it.</summary>
public sealed record AttachmentRef(Guid Id, string FileName, string ContentType, long Size, string? Url);

public enum AcceptStatus
{
    Accepted,
    /// <summary>A message with this client id was accepted before: <see cref="AcceptResult.Message"/> is that one.</summary>
    Duplicate,
    NotFound,
    /// <summary>The conversation is closed: start a new one.</summary>
    Closed,
}

public sealed record AcceptResult(AcceptStatus Status, ConversationMessage? Message);

public sealed record PostResult(AcceptStatus Status, ConversationMessage? Message, IReadOnlyList<ConversationMessage> Replies);

public enum FeedbackStatus
{
    Recorded,
    NotFound,
    /// <summary>Only bot (and agent) messages take feedback.</summary>
    NotRateable,
}

/// <param name="Rating">up or down.</param>
public sealed record MessageFeedback(string Rating, string? Comment);
