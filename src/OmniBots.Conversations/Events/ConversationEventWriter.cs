using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using OmniBots.Conversations.Contracts;
using OmniBots.Conversations.Storage;
using OmniBots.Platform.Events;

namespace OmniBots.Conversations.Events;

/// <summary>
/// Hands a commit's events to every <see cref="IConversationEventSink"/> (inside the transaction: they commit or roll
/// back with the change) and queues the NOTIFY wake-ups, which PostgreSQL sends only if the transaction commits.
/// Scoped.
/// </summary>
internal sealed class ConversationEventWriter(IEnumerable<IConversationEventSink> sinks, IEventBus bus, TimeProvider time)
{
    private readonly IConversationEventSink[] _sinks = [.. sinks];

    public ConversationEvent Event(string type, ConversationKey conversation, JsonObject data)
        => new(Guid.CreateVersion7(), type, conversation.TenantId, conversation.Id, conversation.BotId, conversation.Channel, time.GetUtcNow(), data);

    public ConversationEvent MessageCreated(ConversationKey conversation, ConversationMessage message)
        => Event(ConversationEvents.MessageCreated, conversation, Rows.ToJsonObject(message));

    /// <summary>Call inside the committing transaction, after the writes.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, ConversationKey conversation, long lastSequence, IReadOnlyList<ConversationEvent> events,
        CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }
        foreach (var sink in _sinks)
        {
            await sink.HandleAsync(connection, events, ct);
        }
        // One wake-up per kind of change: a listener re-reads from the last sequence it saw whatever the type.
        foreach (var type in events.Select(e => e.Type).Distinct(StringComparer.Ordinal))
        {
            var notice = new ConversationNotice(conversation.TenantId, conversation.Id, lastSequence, type);
            await bus.PublishAsync(connection, ConversationEvents.Channel, JsonSerializer.Serialize(notice, Rows.Json), ct);
        }
    }
}

/// <summary>Who an event is about.</summary>
internal sealed record ConversationKey(Guid TenantId, Guid Id, Guid BotId, string Channel);
