using System.Threading.Channels;
using OmniBots.Platform.Events;

namespace OmniBots.Platform.Tests.Events;

/// <summary>A subscription handler that keeps what it receives for the test to await.</summary>
internal sealed class EventCollector
{
    private readonly Channel<BusEvent> _events = Channel.CreateUnbounded<BusEvent>();

    public Task HandleAsync(BusEvent busEvent, CancellationToken ct) => _events.Writer.WriteAsync(busEvent, ct).AsTask();

    public async Task<BusEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Skips events until one matches.</summary>
    public async Task<BusEvent> NextMatchingAsync(Func<BusEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var next = await _events.Reader.ReadAsync(cts.Token);
            if (match(next))
            {
                return next;
            }
        }
    }
}
