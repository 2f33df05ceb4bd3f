namespace OmniBots.Gateway.Providers;

/// <summary>
/// One OAuth access token shared by every call of a credential (Entra ID client credentials, a Google service
/// account): reused until <see cref="RefreshMargin"/> before it expires (half its lifetime when that is shorter), so a
/// token never expires in flight; concurrent callers wait for one fetch and take the token it stored.
/// </summary>
internal sealed class CachedAccessToken(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile Token? _cached;

    /// <summary>The cached token, or the one <paramref name="fetch"/> returns (the token and its <c>expires_in</c>).</summary>
    public async ValueTask<string> GetAsync(Func<CancellationToken, Task<(string Token, TimeSpan Lifetime)>> fetch, CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && time.GetUtcNow() < fresh.RefreshAt)
        {
            return fresh.Value;
        }
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } fetched && time.GetUtcNow() < fetched.RefreshAt)
            {
                return fetched.Value;
            }
            // Measured from before the request: the lifetime starts when the token endpoint issues it.
            var requestedAt = time.GetUtcNow();
            var (value, lifetime) = await fetch(cancellationToken);
            var margin = lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin;
            _cached = new Token(value, requestedAt + lifetime - margin);
            return value;
        }
        finally
        {
            _fetching.Release();
        }
    }

    public void Dispose() => _fetching.Dispose();

    private sealed record Token(string Value, DateTimeOffset RefreshAt);
}
