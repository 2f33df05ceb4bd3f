using System.Net;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Http.Outbound;

namespace OmniBots.Knowledge.Connectors;

/// <summary>
/// SSRF protection for every address a source names (<see cref="PrivateNetworks"/>), unless
/// <see cref="ConnectorOptions.AllowPrivateNetworks"/> is on.
/// </summary>
internal sealed class NetworkGuard(IOptions<ConnectorOptions> options)
{
    public const string HttpClientName = "OmniBots.Knowledge.Sources";

    public SocketsHttpHandler CreateHandler()
    {
        var handler = PrivateNetworks.CreateGuardedHandler(() => options.Value.AllowPrivateNetworks,
            host => new ConnectorException($"{host} resolves to a private or loopback address, which sources may not reach."));
        handler.AllowAutoRedirect = false;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        return handler;
    }

    /// <summary>For clients that make their own connections (the S3 SDK): checks the host now.</summary>
    public async Task EnsureAllowedAsync(Uri url, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(url.Host, ct);
        if (!addresses.Any(IsAllowed))
        {
            throw new ConnectorException($"{url.Host} resolves to a private or loopback address, which sources may not reach.");
        }
    }

    public bool IsAllowed(IPAddress address) => options.Value.AllowPrivateNetworks || IsPublic(address);

    public static bool IsPublic(IPAddress address) => PrivateNetworks.IsPublic(address);
}
