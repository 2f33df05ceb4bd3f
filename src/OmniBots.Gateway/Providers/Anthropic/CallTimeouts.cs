using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>
/// The two clocks of one call: <see cref="ProviderTimeouts.FirstByte"/> runs until the response headers arrive,
/// <see cref="ProviderTimeouts.Total"/> until the body (or the stream) ends. <see cref="Token"/> also carries the
/// caller's token; a cancellation by the caller stays an <see cref="OperationCanceledException"/>, never a Timeout.
/// </summary>
internal sealed class CallTimeouts : IDisposable
{
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(int.MaxValue - 1);
    private readonly ProviderTimeouts _timeouts;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _firstByte;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _linked;

    public CallTimeouts(ProviderTimeouts timeouts, TimeProvider time, CancellationToken caller)
    {
        _timeouts = timeouts;
        _caller = caller;
        _firstByte = new CancellationTokenSource(Clamp(timeouts.FirstByte), time);
        _total = new CancellationTokenSource(Clamp(timeouts.Total), time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _firstByte.Token, _total.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>The first-byte clock stops; only the total one keeps running (a long answer may stream for minutes).</summary>
    public void HeadersArrived() => _firstByte.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>
    /// What to throw instead of <paramref name="ex"/> when the call was ended on purpose: the caller's own
    /// cancellation (an I/O error on a cancelled read included) or one of our clocks (a Timeout). Null otherwise.
    /// </summary>
    public Exception? Ended(Exception ex)
    {
        if (ex is not (OperationCanceledException or IOException or HttpRequestException))
        {
            return null;
        }
        if (_caller.IsCancellationRequested)
        {
            return new OperationCanceledException("The caller cancelled the Anthropic call.", ex, _caller);
        }
        if (_firstByte.IsCancellationRequested)
        {
            return new LlmProviderException(LlmErrorKind.Timeout, $"Anthropic sent no response headers within the first-byte timeout of {_timeouts.FirstByte}.", ex);
        }
        return _total.IsCancellationRequested
            ? new LlmProviderException(LlmErrorKind.Timeout, $"Anthropic did not finish within the total timeout of {_timeouts.Total}.", ex)
            : null;
    }

    private static TimeSpan Clamp(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout >= Longest ? Timeout.InfiniteTimeSpan : timeout;

    public void Dispose()
    {
        _linked.Dispose();
        _firstByte.Dispose();
        _total.Dispose();
    }
}
