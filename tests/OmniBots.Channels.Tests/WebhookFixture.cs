using OmniBots.Fakes;
using Xunit;

namespace OmniBots.Channels.Tests;

/// <summary>A host whose webhooks may reach loopback, with fast job retries, and a receiver on 127.0.0.1.</summary>
public sealed class WebhookFixture : IdentityFixture, IAsyncLifetime
{
    public const int MaxAttempts = 3;
    public const int DisableAfter = 5;

    public FakeWebhookReceiver Receiver { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Channels:Webhooks:AllowPrivateNetworks"] = "true",
        ["Channels:Webhooks:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Channels:Webhooks:DisableAfterConsecutiveFailures"] = DisableAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs:RetryBaseSeconds"] = "0.2",
        ["Jobs:RetryMaxSeconds"] = "0.5",
    };

    public new async Task InitializeAsync()
    {
        Receiver = await FakeWebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
