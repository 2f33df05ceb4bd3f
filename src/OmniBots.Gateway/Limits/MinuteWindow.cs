namespace OmniBots.Gateway.Limits;

/// <summary>
/// A sliding one-minute window approximated by two fixed windows (Cloudflare's "sliding window counter"):
/// the estimate is the current minute's count plus the previous minute's, weighted by how much of it still
/// lies inside the last 60 seconds. Constant memory per scope, no timestamps kept.
/// </summary>
internal sealed class MinuteWindow
{
    private readonly Lock _lock = new();
    private long _minute;
    private double _previous;
    private double _current;

    /// <summary>Takes <paramref name="amount"/> if the estimate stays within <paramref name="limit"/>; else says how long to wait.</summary>
    public bool TryTake(DateTimeOffset now, double limit, double amount, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var estimate = Advance(now, out var elapsed);
            // A lone request bigger than the whole limit would never pass: it may go when nothing else is counted.
            if (estimate + amount <= limit || estimate <= 0)
            {
                _current += amount;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(60 - elapsed)));
            return false;
        }
    }

    /// <summary>Corrects the count (actual tokens after the call, or a refund when admission was undone).</summary>
    public void Add(DateTimeOffset now, double amount)
    {
        lock (_lock)
        {
            Advance(now, out _);
            _current = Math.Max(0, _current + amount);
        }
    }

    private double Advance(DateTimeOffset now, out double elapsedSeconds)
    {
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        var minute = (long)Math.Floor(seconds / 60);
        if (minute != _minute)
        {
            _previous = minute == _minute + 1 ? _current : 0;
            _current = 0;
            _minute = minute;
        }
        elapsedSeconds = seconds - minute * 60;
        return _current + _previous * (1 - elapsedSeconds / 60);
    }
}
