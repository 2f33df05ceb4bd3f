using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// The two deadlines of one call (<see cref="ProviderTimeouts"/>): <see cref="UntilHeaders"/> fires at the first-byte
/// or the total timeout, <see cref="Body"/> only at the total one. The caller's own cancellation is never a timeout.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    private readonly ProviderTimeouts _timeouts;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _firstByte;
    private readonly CancellationTokenSource _untilHeaders;
    private readonly CancellationTokenSource _body;

    public CallDeadline(ProviderTimeouts timeouts, TimeProvider time, CancellationToken caller)
    {
        _timeouts = timeouts;
        Caller = caller;
        _total = new CancellationTokenSource(timeouts.Total, time);
        _firstByte = new CancellationTokenSource(timeouts.FirstByte, time);
        _untilHeaders = CancellationTokenSource.CreateLinkedTokenSource(caller, _total.Token, _firstByte.Token);
        _body = CancellationTokenSource.CreateLinkedTokenSource(caller, _total.Token);
    }

    public CancellationToken Caller { get; }
    public CancellationToken UntilHeaders => _untilHeaders.Token;
    public CancellationToken Body => _body.Token;

    /// <summary>The typed timeout for a cancellation we caused; null when the caller cancelled (rethrow it as is).</summary>
    public LlmProviderException? TimeoutFor(OperationCanceledException ex, string provider, LlmErrorKind kind = LlmErrorKind.Timeout)
    {
        if (Caller.IsCancellationRequested)
        {
            return null;
        }
        var message = _total.IsCancellationRequested
            ? $"{provider} did not finish within the total timeout of {_timeouts.Total}."
            : $"{provider} sent no response within the first-byte timeout of {_timeouts.FirstByte}.";
        return new LlmProviderException(kind, message, ex);
    }

    public void Dispose()
    {
        _untilHeaders.Dispose();
        _body.Dispose();
        _firstByte.Dispose();
        _total.Dispose();
    }
}
