using Npgsql;

namespace OmniBots.Platform.Events;

/// <summary>
/// Cross-replica publish/subscribe over PostgreSQL LISTEN/NOTIFY. Delivery is at-most-once and
/// only to replicas listening at that moment: use it to wake up or refresh, never as the record
/// of something (that belongs in a table). After a lost connection the bus reconnects by itself
/// and calls every handler with <see cref="BusEvent.Reconnected"/> so it can re-read what it may
/// have missed.
/// </summary>
public interface IEventBus
{
    /// <summary>Publishes now, on a pooled connection.</summary>
    Task PublishAsync(string channel, string payload, CancellationToken ct);

    /// <summary>Publishes when <paramref name="connection"/>'s current transaction commits (nothing if it rolls back).</summary>
    Task PublishAsync(NpgsqlConnection connection, string channel, string payload, CancellationToken ct);

    /// <summary>Subscribes a handler; dispose the result to unsubscribe. Handlers run one at a time per subscription.</summary>
    Task<IAsyncDisposable> SubscribeAsync(string channel, Func<BusEvent, CancellationToken, Task> handler, CancellationToken ct);
}

/// <param name="Channel">The channel it arrived on.</param>
/// <param name="Payload">At most 7,900 bytes (PostgreSQL's NOTIFY limit is 8,000).</param>
/// <param name="Reconnected">True for the synthetic event sent after the listener reconnected.</param>
public sealed record BusEvent(string Channel, string Payload, bool Reconnected = false);
