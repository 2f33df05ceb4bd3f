using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Http.Outbound;

namespace OmniBots.Gateway.Providers;

/// <summary>
/// The one pooled HTTP handler every adapter uses (<c>IHttpClientFactory.CreateClient(GatewayHttp.ClientName)</c>):
/// connections to providers are reused across calls and endpoints. The client has no overall timeout:
/// adapters apply <see cref="ProviderTimeouts"/> themselves (a stream may legitimately run for minutes).
/// </summary>
internal static class GatewayHttp
{
    public const string ClientName = "omnibots.gateway";
    /// <summary>For tenant endpoints: the same settings, but connections to non-public addresses are refused (SSRF)
    /// unless <c>Gateway:AllowPrivateNetworks</c> is true (e.g. a tenant's own Ollama on a private network).</summary>
    public const string TenantClientName = "omnibots.gateway.tenant";

    /// <summary><c>Gateway:ConnectTimeout</c> (default 10 s): how long to wait for a TCP/TLS connection to a provider.</summary>
    public static IServiceCollection AddGatewayHttp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Read from the built container's configuration, so settings added after registration (tests, overrides) apply.
        // Hosts register IConfiguration; a bare container (unit tests) falls back to the one given here.
        IConfiguration Settings(IServiceProvider sp) => sp.GetService<IConfiguration>() ?? configuration;
        // No IHttpClientFactory logging handlers: they add two handler layers, a logging scope and four log calls to
        // every provider call (the overhead benchmark's profile), and say less than the usage record, which names the
        // endpoint, status and latency of each call.
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => Configure(new SocketsHttpHandler(), Settings(sp)));
        services.AddHttpClient(TenantClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => Configure(PrivateNetworks.CreateGuardedHandler(
                () => Settings(sp).GetValue("Gateway:AllowPrivateNetworks", false),
                host => new HttpRequestException($"{host} resolves to a private or loopback address, which tenant endpoints may not reach (Gateway:AllowPrivateNetworks).")), Settings(sp)));
        return services;
    }

    private static SocketsHttpHandler Configure(SocketsHttpHandler handler, IConfiguration settings)
    {
        handler.ConnectTimeout = settings.GetValue("Gateway:ConnectTimeout", TimeSpan.FromSeconds(10));
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        handler.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
        handler.MaxConnectionsPerServer = 1024;
        return handler;
    }
}
