using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OmniBots.Platform.Events;

/// <summary>One handler on one channel: events queue up and the handler sees them one at a time,
/// so a slow handler never blocks the listener connection or other subscriptions.</summary>
internal sealed class Subscription : IAsyncDisposable
{
    // Generous, but bounded: a stuck handler must not grow memory without limit.
    private const int Capacity = 10_000;

    private readonly Channel<BusEvent> _events = System.Threading.Channels.Channel.CreateBounded<BusEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Func<BusEvent, CancellationToken, Task> _handler;
    private readonly Action<Subscription> _onDispose;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    public Subscription(string channel, Func<BusEvent, CancellationToken, Task> handler, Action<Subscription> onDispose, ILogger logger)
    {
        Channel = channel;
        _handler = handler;
        _onDispose = onDispose;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public string Channel { get; }

    public void Deliver(BusEvent busEvent)
    {
        if (!_events.Writer.TryWrite(busEvent) && Volatile.Read(ref _disposed) == 0)
        {
            _logger.LogWarning("Event on channel {Channel} dropped: its handler is {Capacity} events behind", Channel, Capacity);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var busEvent in _events.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    await _handler(busEvent, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // One failing event must not end the subscription.
                    _logger.LogError(ex, "Event handler on channel {Channel} failed", Channel);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _onDispose(this);
        _events.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
