using OmniBots.Platform.Http.Outbound;

namespace OmniBots.Runtime.Http;

/// <summary>
/// The clients API Call nodes use: one per network policy, shared by every executor (a client per turn would exhaust
/// sockets). Connections go only to public addresses unless private networks are allowed (SSRF, FLOW-5).
/// Timeouts are per call (the node's timeoutMs), so the client's own is infinite.
/// </summary>
internal static class ApiCallHttp
{
    private static readonly Lazy<HttpClient> Guarded = new(() => Create(allowPrivate: false));
    private static readonly Lazy<HttpClient> Open = new(() => Create(allowPrivate: true));

    public static HttpClient Shared(bool allowPrivate) => allowPrivate ? Open.Value : Guarded.Value;

    public static HttpClient Create(bool allowPrivate)
    {
        var handler = PrivateNetworks.CreateGuardedHandler(() => allowPrivate,
            host => new RefusedAddressException($"{host} resolves to a private or loopback address, which flows may not call."));
        handler.AllowAutoRedirect = false; // a redirect could lead anywhere; the node sees the 3xx as an error
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}

internal sealed class RefusedAddressException : Exception
{
    public RefusedAddressException()
    {
    }

    public RefusedAddressException(string message)
        : base(message)
    {
    }

    public RefusedAddressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
