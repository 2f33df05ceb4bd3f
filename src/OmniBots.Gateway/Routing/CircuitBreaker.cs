namespace OmniBots.Gateway.Routing;

/// <summary>
/// One endpoint's circuit (closed → open → half-open → closed). Time comes from <see cref="TimeProvider"/>, so a
/// break can be waited out in tests by moving the clock. Thread-safe; a lock is fine: held for a few instructions.
/// </summary>
internal sealed class CircuitBreaker(BreakerOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly bool[] _window = new bool[Math.Max(1, options.RatioWindow)];
    private int _windowCount;
    private int _windowNext;
    private int _consecutive;
    private DateTimeOffset? _openedAt;
    private bool _probeInFlight;

    /// <summary>Null when a call may go ahead; otherwise why not ("circuit open").</summary>
    public string? TryEnter()
    {
        lock (_gate)
        {
            if (_openedAt is not { } openedAt)
            {
                return null;
            }
            if (time.GetUtcNow() - openedAt < options.BreakDuration)
            {
                return "circuit open";
            }
            if (_probeInFlight)
            {
                return "circuit half-open, probe in flight";
            }
            _probeInFlight = true;
            return null;
        }
    }

    public void Succeeded()
    {
        lock (_gate)
        {
            Record(failed: false);
            _consecutive = 0;
            if (_openedAt is not null)
            {
                // The half-open probe worked: close, and start the ratio afresh.
                _openedAt = null;
                _probeInFlight = false;
                _windowCount = 0;
            }
        }
    }

    public void Failed()
    {
        lock (_gate)
        {
            Record(failed: true);
            _consecutive++;
            if (_openedAt is not null)
            {
                // The probe failed: a new break starts now.
                _openedAt = time.GetUtcNow();
                _probeInFlight = false;
                return;
            }
            if (_consecutive >= options.ConsecutiveFailures || RatioExceeded())
            {
                _openedAt = time.GetUtcNow();
            }
        }
    }

    /// <summary>A call that ended without telling anything about the endpoint's health (the caller cancelled, a 400).</summary>
    public void Released()
    {
        lock (_gate)
        {
            _probeInFlight = false;
        }
    }

    private void Record(bool failed)
    {
        _window[_windowNext] = failed;
        _windowNext = (_windowNext + 1) % _window.Length;
        _windowCount = Math.Min(_windowCount + 1, _window.Length);
    }

    private bool RatioExceeded()
    {
        if (_windowCount < options.RatioMinimumCalls)
        {
            return false;
        }
        var failures = 0;
        for (var i = 0; i < _windowCount; i++)
        {
            // The newest _windowCount entries sit just before _windowNext.
            if (_window[((_windowNext - 1 - i) % _window.Length + _window.Length) % _window.Length])
            {
                failures++;
            }
        }
        return failures >= options.FailureRatio * _windowCount;
    }
}
