using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Conversations.Contracts;

namespace OmniBots.Channels.Webhooks;

/// <summary>The JSON body a receiver gets: <c>{id, type, occurredAt, tenantId, conversationId, botId, channel, data}</c>.
/// Serialized once, when the event commits, so every attempt sends (and signs) the same bytes.</summary>
internal sealed record WebhookEnvelope(
    Guid Id, string Type, DateTimeOffset OccurredAt, Guid TenantId, Guid? ConversationId, Guid? BotId, string? Channel, JsonObject Data)
{
    public static WebhookEnvelope From(ConversationEvent e) =>
        new(e.Id, e.Type, e.OccurredAt, e.TenantId, e.ConversationId, e.BotId, e.Channel, e.Data);

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);
}

/// <summary>The job's payload: one event for one subscription.</summary>
/// <param name="DeliveryId">The same for every attempt: <c>X-OmniBots-Delivery</c>, what receivers de-duplicate by.</param>
/// <param name="Body">The envelope as sent.</param>
internal sealed record WebhookDeliveryJob(Guid SubscriptionId, Guid DeliveryId, Guid EventId, string EventType, string Body);
