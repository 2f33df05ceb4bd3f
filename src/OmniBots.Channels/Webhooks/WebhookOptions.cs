namespace OmniBots.Channels.Webhooks;

/// <summary><c>Channels:Webhooks</c>: how outbound webhooks reach tenants' receivers.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Channels:Webhooks";

    /// <summary>Lets deliveries reach loopback and private addresses, and subscriptions use plain http (tests, on-premises
    /// receivers). Off: a tenant could otherwise point a webhook at the platform's own network (SSRF).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one delivery attempt may take, connection included.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts per event and subscription before the delivery job goes dead (retries back off as the job queue's do).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Failed attempts in a row (across events) after which a subscription is disabled; 0 never disables.</summary>
    public int DisableAfterConsecutiveFailures { get; set; } = 50;

    public int MaxSubscriptionsPerTenant { get; set; } = 25;

    /// <summary>Days a delivery attempt stays in the log (<c>GET /webhooks/{id}/deliveries</c>).</summary>
    public int DeliveryLogRetentionDays { get; set; } = 30;
}
