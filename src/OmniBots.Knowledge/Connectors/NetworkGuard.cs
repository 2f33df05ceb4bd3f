using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OmniBots.Knowledge.Connectors;

/// <summary>
/// SSRF protection for every address a tenant can configure: the connection is made to the resolved address only after
/// checking it, so DNS answers (rebinding included) cannot lead to loopback, private, link-local (cloud metadata) or
/// other non-public ranges unless <see cref="ConnectorOptions.AllowPrivateNetworks"/> is on.
/// </summary>
internal sealed class NetworkGuard(IOptions<ConnectorOptions> options)
{
    public const string HttpClientName = "OmniBots.Knowledge.Sources";

    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.FirstOrDefault(IsAllowed)
                ?? throw new ConnectorException($"{context.DnsEndPoint.Host} resolves to a private or loopback address, which sources may not reach.");
            var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(allowed, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

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

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] >= 224 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || (b[0] == 192 && b[1] == 0 && b[2] == 0));
    }
}
