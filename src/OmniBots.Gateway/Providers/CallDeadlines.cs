using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers;

/// <summary>
/// The two <see cref="ProviderTimeouts"/> of one provider call as cancellation tokens: <see cref="UntilHeaders"/>
/// (caller, first byte, total) while waiting for the response headers, <see cref="UntilEnd"/> (caller, total) while
/// the body or stream is read. <see cref="Ended"/> tells a cancellation we caused (a typed Timeout) from the
/// caller's own, which always stays an <see cref="OperationCanceledException"/> carrying the caller's token.
/// </summary>
internal sealed class CallDeadlines : IDisposable
{
    // CancellationTokenSource refuses delays beyond int.MaxValue milliseconds; such a timeout means "none".
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(int.MaxValue - 1);
    private readonly ProviderTimeouts _timeouts;
    private readonly CancellationTokenSource _firstByte;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _untilHeaders;
    private readonly CancellationTokenSource _untilEnd;
    private bool _headersArrived;

    public CallDeadlines(string provider, ProviderTimeouts timeouts, TimeProvider time, CancellationToken caller)
    {
        Provider = provider;
        Caller = caller;
        _timeouts = timeouts;
        _firstByte = new CancellationTokenSource(Clamp(timeouts.FirstByte), time);
        _total = new CancellationTokenSource(Clamp(timeouts.Total), time);
        _untilHeaders = CancellationTokenSource.CreateLinkedTokenSource(caller, _firstByte.Token, _total.Token);
        _untilEnd = CancellationTokenSource.CreateLinkedTokenSource(caller, _total.Token);
    }

    /// <summary>The provider's name as error messages show it ("OpenAI", "Anthropic", "Vertex AI"...).</summary>
    public string Provider { get; }
    public CancellationToken Caller { get; }
    public CancellationToken UntilHeaders => _untilHeaders.Token;
    public CancellationToken UntilEnd => _untilEnd.Token;

    /// <summary>From here on only the total timeout (and the caller) applies: a long answer may stream for minutes.</summary>
    public void HeadersArrived()
    {
        _headersArrived = true;
        _firstByte.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// What to throw instead of <paramref name="ex"/> when the call was ended on purpose: the caller's cancellation
    /// (an I/O error on a cancelled read included) or one of the deadlines; null for any other failure.
    /// <paramref name="totalKind"/> is the kind for the total deadline (a provider may call a stream cut short by it
    /// StreamInterrupted rather than Timeout).
    /// </summary>
    public Exception? Ended(Exception ex, LlmErrorKind totalKind = LlmErrorKind.Timeout)
    {
        if (ex is not (OperationCanceledException or IOException or HttpRequestException))
        {
            return null;
        }
        if (Caller.IsCancellationRequested)
        {
            return new OperationCanceledException($"The caller cancelled the {Provider} call.", ex, Caller);
        }
        if (!_headersArrived && _firstByte.IsCancellationRequested && !_total.IsCancellationRequested)
        {
            return new LlmProviderException(LlmErrorKind.Timeout, $"{Provider} sent no response headers within the first-byte timeout of {_timeouts.FirstByte}.", ex);
        }
        // An OperationCanceledException nobody asked for (the HttpClient's own timeout) is a timeout as well.
        return _total.IsCancellationRequested || ex is OperationCanceledException
            ? new LlmProviderException(totalKind, $"{Provider} did not finish within the total timeout of {_timeouts.Total}.", ex)
            : null;
    }

    private static TimeSpan Clamp(TimeSpan timeout) => timeout >= Longest ? Timeout.InfiniteTimeSpan : timeout;

    public void Dispose()
    {
        _untilHeaders.Dispose();
        _untilEnd.Dispose();
        _firstByte.Dispose();
        _total.Dispose();
    }
}
