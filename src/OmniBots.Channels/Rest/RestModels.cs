using OmniBots.Conversations.Contracts;

namespace OmniBots.Channels.Rest;

internal sealed record RestCustomer(string? ExternalId, string? Name);

internal sealed record StartRequest(Guid? BotId, RestCustomer? Customer, Dictionary<string, string>? Variables, string? Language);

/// <param name="Payload">A button or quick reply's value: the message is a button tap (Text, if any, is its label).</param>
internal sealed record PostMessageRequest(string? ClientMessageId, string? Text, string? Payload);

internal sealed record StartedConversation(ConversationSummary Conversation, IReadOnlyList<ConversationMessage> Messages);

/// <param name="Duplicate">A message with this client id was accepted before: <paramref name="Message"/> is that
/// one, and <paramref name="Replies"/> what the bot answered to it; nothing was processed again.</param>
internal sealed record PostedMessage(ConversationMessage Message, IReadOnlyList<ConversationMessage> Replies, bool Duplicate);

/// <param name="LastSequence">The highest sequence in this page (or the one asked after): pass it as <c>afterSeq</c> next.</param>
internal sealed record MessagePage(IReadOnlyList<ConversationMessage> Messages, long LastSequence);

/// <summary><c>Channels:Rest</c>.</summary>
internal sealed class RestChannelOptions
{
    public const string Section = "Channels:Rest";

    public int MaxTextLength { get; set; } = 4000;
}
