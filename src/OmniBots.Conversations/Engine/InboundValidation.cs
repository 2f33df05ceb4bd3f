using OmniBots.Conversations.Contracts;

namespace OmniBots.Conversations.Engine;

/// <summary>The limits of a customer message. Channels check them first and answer with their own errors; the engine
/// refuses what slips through (<see cref="ArgumentException"/> naming the field).</summary>
internal static class InboundValidation
{
    public const int MaxClientIdLength = 100;
    public const int MaxTextLength = 4000;
    public const int MaxAttachments = 10;

    public static void Check(InboundMessage message)
    {
        if (string.IsNullOrEmpty(message.ClientMessageId) || message.ClientMessageId.Length > MaxClientIdLength)
        {
            throw new ArgumentException($"clientMessageId must be 1–{MaxClientIdLength} characters.", nameof(message));
        }
        if (message.Kind is not (InboundKinds.Text or InboundKinds.Button))
        {
            throw new ArgumentException("kind must be 'text' or 'button'.", nameof(message));
        }
        if (message.Text is { Length: > MaxTextLength })
        {
            throw new ArgumentException($"text must be at most {MaxTextLength} characters.", nameof(message));
        }
        if (message.Kind == InboundKinds.Button && string.IsNullOrEmpty(message.Payload) && string.IsNullOrEmpty(message.Text))
        {
            throw new ArgumentException("A button message needs a payload.", nameof(message));
        }
        if (message.Kind == InboundKinds.Text && string.IsNullOrWhiteSpace(message.Text) && message.Attachments is not { Count: > 0 })
        {
            throw new ArgumentException("A text message needs text or attachments.", nameof(message));
        }
        if (message.Attachments is { Count: > MaxAttachments })
        {
            throw new ArgumentException($"At most {MaxAttachments} attachments per message.", nameof(message));
        }
    }
}
