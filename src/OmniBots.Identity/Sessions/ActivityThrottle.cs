using System.Collections.Concurrent;

namespace OmniBots.Identity.Sessions;

/// <summary>
/// Decides when a "last seen" / "last used" time is worth writing: at most once a minute per
/// session or API key on this replica, so an active client costs one UPDATE a minute, not one per request.
/// </summary>
internal sealed class ActivityThrottle(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int PruneAbove = 50_000;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastWritten = new();

    /// <summary>True (and remembered) when the last write for <paramref name="id"/> is a minute old or unknown.</summary>
    public bool ShouldWrite(Guid id)
    {
        var now = time.GetUtcNow();
        if (_lastWritten.TryGetValue(id, out var last) && now - last < Interval)
        {
            return false;
        }
        _lastWritten[id] = now;
        if (_lastWritten.Count > PruneAbove)
        {
            Prune(now);
        }
        return true;
    }

    /// <summary>Writes were done for <paramref name="id"/> elsewhere (sign-in, refresh): no need to write again soon.</summary>
    public void Written(Guid id) => _lastWritten[id] = time.GetUtcNow();

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, last) in _lastWritten)
        {
            if (now - last >= Interval)
            {
                _lastWritten.TryRemove(new KeyValuePair<Guid, DateTimeOffset>(id, last));
            }
        }
    }
}
