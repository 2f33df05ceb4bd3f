using OmniBots.Platform.Http.Outbound;

namespace OmniBots.Bots.Tools;

/// <summary>
/// The two clients tool calls use, shared by every tenant (a client per call would exhaust sockets): one refuses
/// private, loopback and link-local addresses at connect time, after DNS (SSRF), the other is for tenants that allow
/// private networks. No redirects are followed (a 3xx is an error: a redirect could lead anywhere). Timeouts are per
/// call, so the clients' own are infinite.
/// </summary>
internal sealed class ToolHttp : IDisposable
{
    private readonly Lazy<HttpClient> _guarded = new(() => Create(allowPrivate: false));
    private readonly Lazy<HttpClient> _open = new(() => Create(allowPrivate: true));

    public HttpClient For(bool allowPrivate) => allowPrivate ? _open.Value : _guarded.Value;

    private static HttpClient Create(bool allowPrivate)
    {
        var handler = PrivateNetworks.CreateGuardedHandler(() => allowPrivate,
            host => new ToolRequestException($"{host} resolves to a private or loopback address, which tools may not call (Tools → Settings allows private networks)."));
        handler.AllowAutoRedirect = false;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        if (_guarded.IsValueCreated)
        {
            _guarded.Value.Dispose();
        }
        if (_open.IsValueCreated)
        {
            _open.Value.Dispose();
        }
    }
}
