using System.Net;
using System.Net.Sockets;

namespace OmniBots.Platform.Http.Outbound;

/// <summary>
/// SSRF protection for outbound calls to addresses a tenant configured (knowledge sources, LLM endpoints, tools):
/// the connection goes to the resolved address only after checking it, so no DNS answer (rebinding included) can
/// lead to loopback, private, link-local (cloud metadata), CGNAT, multicast or unspecified ranges unless allowed.
/// </summary>
public static class PrivateNetworks
{
    /// <summary>
    /// A handler whose connections refuse non-public addresses unless <paramref name="allowPrivate"/> says yes
    /// (read per connection, so a setting change applies to new connections). <paramref name="refused"/> builds
    /// the exception for a refused host.
    /// </summary>
    public static SocketsHttpHandler CreateGuardedHandler(Func<bool> allowPrivate, Func<string, Exception> refused)
    {
        ArgumentNullException.ThrowIfNull(allowPrivate);
        ArgumentNullException.ThrowIfNull(refused);
        return new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
                var allowed = addresses.FirstOrDefault(a => allowPrivate() || IsPublic(a)) ?? throw refused(context.DnsEndPoint.Host);
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
    }

    /// <summary>For clients that make their own connections (e.g. an SDK): whether the host resolves to an allowed address now.</summary>
    public static async Task<bool> ResolvesToPublicAsync(string host, CancellationToken ct) =>
        (await Dns.GetHostAddressesAsync(host, ct)).Any(IsPublic);

    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
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
            // fc00::/7 unique local; link-local, site-local and multicast by the framework's own tests.
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] >= 224 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || (b[0] == 192 && b[1] == 0 && b[2] == 0));
    }
}
