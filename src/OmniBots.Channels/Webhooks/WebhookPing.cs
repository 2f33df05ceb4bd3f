using System.Text.Json.Nodes;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Channels.Webhooks;

/// <summary>
/// <c>POST /webhooks/{id}/test</c>: a signed <c>webhook.test</c> event sent now, whether the subscription is enabled
/// or not (to check a receiver before enabling it again). Logged with the deliveries; it does not count towards
/// auto-disable.
/// </summary>
internal sealed class WebhookPing(DeliveryLog log, WebhookSender sender, ITenantContext tenant, TimeProvider time)
{
    public async Task<DeliveryOutcome?> SendAsync(Guid subscriptionId, CancellationToken ct)
    {
        if (await log.FindTargetAsync(subscriptionId, ct) is not { } target)
        {
            return null;
        }
        var envelope = new WebhookEnvelope(Guid.CreateVersion7(), WebhookEvents.Test, time.GetUtcNow(), tenant.TenantId!.Value,
            null, null, null, new JsonObject { ["webhookId"] = subscriptionId.ToString() });
        var job = new WebhookDeliveryJob(subscriptionId, Guid.CreateVersion7(), envelope.Id, envelope.Type, envelope.ToJson());
        var outcome = await sender.SendAsync(target.Url, target.Secret, job.DeliveryId, job.EventType, job.Body, ct);
        await log.RecordAsync(job, 1, outcome.Succeeded ? DeliveryStatuses.Succeeded : DeliveryStatuses.Failed, outcome, counts: false, 0, ct);
        return outcome;
    }
}
