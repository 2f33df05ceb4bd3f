using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OmniBots.Gateway.Providers;

/// <summary>
/// The one pooled HTTP handler every adapter uses (<c>IHttpClientFactory.CreateClient(GatewayHttp.ClientName)</c>):
/// connections to providers are reused across calls and endpoints. The client has no overall timeout:
/// adapters apply <see cref="ProviderTimeouts"/> themselves (a stream may legitimately run for minutes).
/// </summary>
internal static class GatewayHttp
{
    public const string ClientName = "omnibots.gateway";

    /// <summary><c>Gateway:ConnectTimeout</c> (default 10 s): how long to wait for a TCP/TLS connection to a provider.</summary>
    public static IServiceCollection AddGatewayHttp(this IServiceCollection services, IConfiguration configuration)
    {
        var connectTimeout = configuration.GetValue("Gateway:ConnectTimeout", TimeSpan.FromSeconds(10));
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = connectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = 1024,
            });
        return services;
    }
}
