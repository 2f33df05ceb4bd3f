using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Http.Outbound;

namespace OmniBots.Channels.Webhooks;

/// <summary>The outbound client for deliveries: connections to non-public addresses are refused (SSRF) unless
/// <c>Channels:Webhooks:AllowPrivateNetworks</c>; no redirects; the per-attempt timeout is the sender's.</summary>
internal static class WebhookHttp
{
    public const string ClientName = "OmniBots.Channels.Webhooks";

    public static IServiceCollection AddWebhookHttp(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>();
                var handler = PrivateNetworks.CreateGuardedHandler(() => options.CurrentValue.AllowPrivateNetworks,
                    host => new HttpRequestException(
                        $"{host} resolves to a private or loopback address, which webhooks may not reach (Channels:Webhooks:AllowPrivateNetworks)."));
                handler.AllowAutoRedirect = false;
                handler.ConnectTimeout = TimeSpan.FromSeconds(options.CurrentValue.TimeoutSeconds);
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
                return handler;
            });
        return services;
    }
}
