using System.Text.Json;
using Npgsql;
using Microsoft.Extensions.Options;
using OmniBots.Conversations.Contracts;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Channels.Webhooks;

/// <summary>
/// Turns committed conversation events into delivery jobs, inside the transaction that commits them: one job per
/// enabled subscription of the event's tenant that asked for its type. The job exists if and only if the change
/// does, so an event the channel acknowledged is never lost, and a rolled-back one is never sent. The idempotency
/// key (subscription, event) keeps a re-run of the same commit from sending twice.
/// </summary>
internal sealed class WebhookEventSink(IJobQueue jobs, IOptions<WebhookOptions> options) : IConversationEventSink
{
    public async Task HandleAsync(NpgsqlConnection connection, IReadOnlyList<ConversationEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }
        var subscriptions = await EnabledSubscriptionsAsync(connection, events.Select(e => e.TenantId).Distinct().ToArray(), ct);
        if (subscriptions.Count == 0)
        {
            return;
        }
        foreach (var e in events)
        {
            // The tenant is checked here as well as by row-level security: one tenant's events never reach another's receivers.
            foreach (var id in subscriptions.Where(s => s.TenantId == e.TenantId && s.EventTypes.Contains(e.Type, StringComparer.Ordinal)).Select(s => s.Id))
            {
                var job = new WebhookDeliveryJob(id, Guid.CreateVersion7(), e.Id, e.Type, WebhookEnvelope.From(e).ToJson());
                await jobs.EnqueueAsync(connection, new JobRequest(WebhookDeliveryHandler.Kind)
                {
                    Payload = JsonSerializer.Serialize(job, JsonSerializerOptions.Web),
                    IdempotencyKey = $"webhook:{id}:{e.Id}",
                    MaxAttempts = options.Value.MaxAttempts,
                    TenantId = e.TenantId,
                }, ct);
            }
        }
    }

    private sealed record Subscription(Guid Id, Guid TenantId, string[] EventTypes);

    private static async Task<List<Subscription>> EnabledSubscriptionsAsync(
        NpgsqlConnection connection, Guid[] tenants, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id, tenant_id, event_types FROM channels.webhook_subscriptions WHERE enabled AND tenant_id = ANY(@tenants)", connection);
        command.Parameters.AddWithValue("tenants", tenants);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<Subscription>();
        while (await reader.ReadAsync(ct))
        {
            found.Add(new Subscription(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<string[]>(2)));
        }
        return found;
    }
}
