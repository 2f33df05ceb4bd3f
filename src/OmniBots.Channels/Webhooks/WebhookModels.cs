namespace OmniBots.Channels.Webhooks;

/// <summary>A subscription as the API shows it: everything but the secret, which is shown only when made.</summary>
internal sealed record WebhookView(
    Guid Id, string Url, string? Description, IReadOnlyList<string> EventTypes, bool Enabled, int ConsecutiveFailures,
    string? DisabledReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SecretRotatedAt);

/// <summary>The new subscription with its signing secret: the only time the secret is returned.</summary>
internal sealed record CreatedWebhook(WebhookView Webhook, string Secret);

internal sealed record RotatedSecret(Guid Id, string Secret, DateTimeOffset RotatedAt);

/// <summary>One attempt to deliver an event (or a test ping) to a subscription.</summary>
internal sealed record DeliveryView(
    Guid Id, Guid DeliveryId, Guid EventId, string EventType, int Attempt, string Status, int? ResponseCode, double DurationMs,
    string? Error, DateTimeOffset CreatedAt);

internal static class DeliveryStatuses
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>The subscription was disabled or deleted between the event and the attempt.</summary>
    public const string Skipped = "skipped";
}

/// <summary>The event types a subscription may name: the conversation events, and the ping of <c>POST /{id}/test</c>.</summary>
internal static class WebhookEvents
{
    public const string Test = "webhook.test";
}
