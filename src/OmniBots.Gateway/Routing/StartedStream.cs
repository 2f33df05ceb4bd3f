using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Registry.Snapshot;

namespace OmniBots.Gateway.Routing;

/// <summary>
/// One endpoint's stream under its timeouts: until the first delta, the first-byte timeout (a failure there may
/// fail over); then the total timeout, and any failure becomes StreamInterrupted. Reports to the circuit breaker
/// when the stream ends.
/// </summary>
internal sealed class StartedStream : IAsyncDisposable
{
    private readonly EndpointEntry _endpoint;
    private readonly CircuitBreaker _breaker;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _firstByte;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _linked;
    private IAsyncEnumerator<ChatDelta>? _deltas;
    private bool _settled;

    public StartedStream(EndpointEntry endpoint, CircuitBreaker breaker, TimeProvider time, CancellationToken caller)
    {
        _endpoint = endpoint;
        _breaker = breaker;
        _caller = caller;
        _firstByte = new CancellationTokenSource(endpoint.Timeouts.FirstByte, time);
        _total = new CancellationTokenSource(endpoint.Timeouts.Total, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _firstByte.Token, _total.Token);
    }

    public CancellationToken Token => _linked.Token;
    public ChatDelta First { get; private set; } = null!;
    public RouteReport Report { get; set; } = null!;

    /// <summary>Waits for the first delta; throws a classified <see cref="LlmProviderException"/> (failover is still possible).</summary>
    public async Task StartAsync(IAsyncEnumerable<ChatDelta> deltas)
    {
        _deltas = deltas.GetAsyncEnumerator(_linked.Token);
        bool any;
        try
        {
            any = await _deltas.MoveNextAsync();
        }
        catch (OperationCanceledException error) when (!_caller.IsCancellationRequested && _firstByte.IsCancellationRequested)
        {
            throw EndpointFailures.Timeout("no first byte", _endpoint.Timeouts.FirstByte, error);
        }
        catch (OperationCanceledException error) when (!_caller.IsCancellationRequested && _total.IsCancellationRequested)
        {
            throw EndpointFailures.Timeout("not finished", _endpoint.Timeouts.Total, error);
        }
        if (!any)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, "The stream ended before its first delta.");
        }
        // The first byte arrived: from here only the total timeout applies.
        _firstByte.CancelAfter(Timeout.InfiniteTimeSpan);
        First = _deltas.Current;
    }

    /// <summary>The next delta, or null at the end; a failure now is StreamInterrupted and never retried.</summary>
    public async ValueTask<ChatDelta?> NextAsync(CancellationToken ct)
    {
        try
        {
            if (await _deltas!.MoveNextAsync())
            {
                return _deltas.Current;
            }
            Settle(failed: false);
            return null;
        }
        catch (OperationCanceledException error) when (!ct.IsCancellationRequested && !_caller.IsCancellationRequested && _total.IsCancellationRequested)
        {
            Settle(failed: true);
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted,
                $"timeout after first byte: {_endpoint.Name} did not finish within {EndpointFailures.Seconds(_endpoint.Timeouts.Total)}", error)
            { Route = Report };
        }
        catch (LlmProviderException error)
        {
            Settle(failed: true);
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"The stream from {_endpoint.Name} broke after it started: {error.Message}", error)
            { StatusCode = error.StatusCode, Route = Report };
        }
    }

    private void Settle(bool failed)
    {
        if (_settled)
        {
            return;
        }
        _settled = true;
        if (failed)
        {
            _breaker.Failed();
        }
        else
        {
            _breaker.Succeeded();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_settled && First is not null)
        {
            // The caller stopped reading (or cancelled) mid-stream: says nothing about the endpoint's health.
            _settled = true;
            _breaker.Released();
        }
        if (_deltas is not null)
        {
            await _deltas.DisposeAsync();
        }
        _linked.Dispose();
        _total.Dispose();
        _firstByte.Dispose();
    }
}
