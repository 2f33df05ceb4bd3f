using System.Text.Json.Nodes;

namespace OmniBots.Conversations.Contracts;

public static class ConversationStatuses
{
    public const string Active = "active";
    public const string HandedOff = "handed_off";
    public const string Closed = "closed";
}

public static class MessageAuthors
{
    public const string Customer = "customer";
    public const string Bot = "bot";
    public const string Agent = "agent";
    public const string System = "system";
}

/// <param name="Sequence">Per conversation, from 1, without gaps: what channels order, acknowledge and resume by.</param>
/// <param name="Kind">text, button, rich_content, media, event.</param>
/// <param name="Body">The whole message as channels render it. Bot messages: the runtime's <c>OutboundMessage</c> in
/// camelCase (kind, text, quickReplies, contentType, content, mediaKind, url, name, typingDelayMs, sources);
/// customer messages: kind, text, payload, attachments.</param>
public sealed record ConversationMessage(
    Guid Id, Guid ConversationId, long Sequence, string Author, string Kind, string? Text, JsonObject Body, string? ClientMessageId,
    DateTimeOffset CreatedAt)
{
    public string? Feedback { get; init; }
}

public sealed record ConversationSummary(
    Guid Id, Guid BotId, int? BotVersionNumber, Guid? DeploymentId, string Channel, string Status, string? Language,
    string? CustomerExternalId, string? CustomerName, IReadOnlyList<string> Tags, long LastSequence, int MessageCount,
    DateTimeOffset CreatedAt, DateTimeOffset LastMessageAt, DateTimeOffset? ClosedAt, string? ClosedReason);
