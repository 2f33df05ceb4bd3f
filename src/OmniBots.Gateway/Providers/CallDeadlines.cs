using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers;

/// <summary>
/// The two <see cref="ProviderTimeouts"/> of one call as cancellation tokens: <see cref="UntilHeaders"/> (caller,
/// first byte, total) while waiting for the response headers, <see cref="UntilEnd"/> (caller, total) while the body
/// or stream is read. <see cref="Timeout"/> turns a cancellation that was not the caller's into a typed Timeout.
/// </summary>
internal sealed class CallDeadlines : IDisposable
{
    private readonly ProviderTimeouts _timeouts;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _firstByte;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _untilHeaders;
    private readonly CancellationTokenSource _untilEnd;
    private bool _headersArrived;

    public CallDeadlines(ProviderTimeouts timeouts, TimeProvider time, CancellationToken caller)
    {
        _timeouts = timeouts;
        _caller = caller;
        _firstByte = new CancellationTokenSource(timeouts.FirstByte, time);
        _total = new CancellationTokenSource(timeouts.Total, time);
        _untilHeaders = CancellationTokenSource.CreateLinkedTokenSource(caller, _firstByte.Token, _total.Token);
        _untilEnd = CancellationTokenSource.CreateLinkedTokenSource(caller, _total.Token);
    }

    public CancellationToken UntilHeaders => _untilHeaders.Token;
    public CancellationToken UntilEnd => _untilEnd.Token;

    /// <summary>From here on only the total timeout (and the caller) applies.</summary>
    public void HeadersArrived()
    {
        _headersArrived = true;
        _firstByte.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
    }

    /// <summary>Null when the caller cancelled (let the cancellation through); otherwise which deadline passed.</summary>
    public LlmProviderException? Timeout(string provider, OperationCanceledException cancelled)
    {
        if (_caller.IsCancellationRequested)
        {
            return null;
        }
        return !_headersArrived && _firstByte.IsCancellationRequested
            ? new LlmProviderException(LlmErrorKind.Timeout, $"{provider} sent no response headers within {_timeouts.FirstByte} (first-byte timeout).", cancelled)
            : new LlmProviderException(LlmErrorKind.Timeout, $"{provider} did not finish within {_timeouts.Total} (total timeout).", cancelled);
    }

    public void Dispose()
    {
        _untilHeaders.Dispose();
        _untilEnd.Dispose();
        _firstByte.Dispose();
        _total.Dispose();
    }
}
