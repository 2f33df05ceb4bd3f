using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBots.Gateway.Pipeline;

namespace OmniBots.Gateway.Metering;

/// <summary>
/// Where the pipeline drops usage records: a bounded in-memory channel the <see cref="UsageWriter"/> drains.
/// Enqueueing never waits; when the writer falls <c>UsageQueueCapacity</c> records behind, new records are
/// dropped (counted and logged) rather than slowing calls down.
/// </summary>
internal sealed partial class UsageQueue(IOptions<GatewayPipelineOptions> options, ILogger<UsageQueue> logger)
{
    private readonly Channel<UsageRecord> _channel = Channel.CreateBounded<UsageRecord>(
        new BoundedChannelOptions(options.Value.UsageQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private long _dropped;

    public ChannelReader<UsageRecord> Reader => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(UsageRecord record)
    {
        if (_channel.Writer.TryWrite(record))
        {
            return;
        }
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            LogDropped(Dropped);
        }
    }

    /// <summary>No more records: the writer drains what is left and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    [LoggerMessage(Level = LogLevel.Error, Message = "Usage records are being dropped: the writer is behind ({Dropped} dropped so far)")]
    private partial void LogDropped(long dropped);
}
