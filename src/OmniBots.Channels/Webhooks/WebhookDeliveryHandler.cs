using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Channels.Webhooks;

/// <summary>
/// Delivers one event to one subscription. Every attempt is logged; a failed one throws so the job queue retries it
/// with backoff (up to <see cref="WebhookOptions.MaxAttempts"/>, then the job goes dead with the last error). A
/// subscription deleted meanwhile ends the job quietly; one disabled meanwhile logs the event as skipped.
/// </summary>
internal sealed partial class WebhookDeliveryHandler(
    DeliveryLog log, WebhookSender sender, IOptions<WebhookOptions> options, ILogger<WebhookDeliveryHandler> logger) : IJobHandler
{
    public const string Kind = "channels.webhook.deliver";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var delivery = job.PayloadAs<WebhookDeliveryJob>() ?? throw new InvalidOperationException("The delivery job has no payload.");
        if (await log.FindTargetAsync(delivery.SubscriptionId, ct) is not { } target)
        {
            return;
        }
        if (!target.Enabled)
        {
            await log.RecordAsync(delivery, job.Attempt, DeliveryStatuses.Skipped, null, counts: false, 0, ct);
            return;
        }
        var outcome = await sender.SendAsync(target.Url, target.Secret, delivery.DeliveryId, delivery.EventType, delivery.Body, ct);
        var status = outcome.Succeeded ? DeliveryStatuses.Succeeded : DeliveryStatuses.Failed;
        var disabled = await log.RecordAsync(delivery, job.Attempt, status, outcome, counts: true, options.Value.DisableAfterConsecutiveFailures, ct);
        if (disabled)
        {
            LogDisabled(logger, delivery.SubscriptionId, options.Value.DisableAfterConsecutiveFailures);
        }
        if (!outcome.Succeeded && !disabled)
        {
            throw new WebhookDeliveryException($"Delivery {delivery.DeliveryId} to webhook {delivery.SubscriptionId} failed: {outcome.Error}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {SubscriptionId} disabled after {Failures} failed deliveries in a row")]
    private static partial void LogDisabled(ILogger logger, Guid subscriptionId, int failures);
}

/// <summary>A failed attempt: the job queue retries it.</summary>
internal sealed class WebhookDeliveryException(string message) : Exception(message);
