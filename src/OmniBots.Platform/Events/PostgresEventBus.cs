using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Hosting;

namespace OmniBots.Platform.Events;

/// <summary><see cref="IEventBus"/> over LISTEN/NOTIFY, with one listener connection per process
/// opened on first subscription. A hosted service only so the listener closes on shutdown.</summary>
internal sealed class PostgresEventBus(
    PlatformDatabase database,
    IOptions<HostingOptions> hosting,
    TimeProvider time,
    ILogger<PostgresEventBus> logger) : IEventBus, IHostedService, IAsyncDisposable
{
    public const string ApplicationNamePrefix = "omnibots-events:";
    private const int MaxPayloadBytes = 7_900;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Subscription>> _subscriptions = new(StringComparer.Ordinal);
    private EventListener? _listener;

    public async Task PublishAsync(string channel, string payload, CancellationToken ct)
    {
        Validate(channel, payload);
        await database.Ready.WaitAsync(ct);
        await using var connection = await database.Elevated.OpenConnectionAsync(ct);
        await NotifyAsync(connection, channel, payload, ct);
    }

    public Task PublishAsync(NpgsqlConnection connection, string channel, string payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Validate(channel, payload);
        // NOTIFY inside a transaction is queued by PostgreSQL and sent only at commit.
        return NotifyAsync(connection, channel, payload, ct);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Func<BusEvent, CancellationToken, Task> handler, CancellationToken ct)
    {
        ChannelName.Validate(channel);
        ArgumentNullException.ThrowIfNull(handler);
        await database.Ready.WaitAsync(ct);
        var subscription = new Subscription(channel, handler, Remove, logger);
        EventListener listener;
        lock (_lock)
        {
            listener = _listener ??= CreateListener();
            if (!_subscriptions.TryGetValue(channel, out var list))
            {
                _subscriptions[channel] = list = [];
            }
            list.Add(subscription);
        }
        var listening = listener.ListenAsync(channel);
        if (!listening.IsCompleted)
        {
            await WakeAsync(listener, ct);
        }
        try
        {
            await listening.WaitAsync(ct);
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }
        return subscription;
    }

    private EventListener CreateListener()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ElevatedConnectionString)
        {
            Pooling = false,
            // Also detects a silently dead connection while waiting.
            KeepAlive = 10,
            ApplicationName = ApplicationNamePrefix + hosting.Value.Instance,
        };
        return new EventListener(builder.ConnectionString, Dispatch, DispatchReconnected, time, logger);
    }

    private void Dispatch(string channel, string payload)
    {
        foreach (var subscription in Snapshot(channel))
        {
            subscription.Deliver(new BusEvent(channel, payload));
        }
    }

    private void DispatchReconnected()
    {
        List<Subscription> all;
        lock (_lock)
        {
            all = [.. _subscriptions.Values.SelectMany(list => list)];
        }
        foreach (var subscription in all)
        {
            subscription.Deliver(new BusEvent(subscription.Channel, "", Reconnected: true));
        }
    }

    private List<Subscription> Snapshot(string channel)
    {
        lock (_lock)
        {
            return _subscriptions.TryGetValue(channel, out var list) ? [.. list] : [];
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            if (_subscriptions.TryGetValue(subscription.Channel, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _subscriptions.Remove(subscription.Channel);
                _listener?.Unlisten(subscription.Channel);
            }
        }
    }

    private async Task WakeAsync(EventListener listener, CancellationToken ct)
    {
        try
        {
            await PublishAsync(listener.WakeChannel, "", ct);
        }
        catch (NpgsqlException ex)
        {
            // The listener is reconnecting; it LISTENs to every wanted channel once it is back.
            logger.LogDebug(ex, "Could not wake the event listener");
        }
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, string channel, string payload, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Validate(string channel, string payload)
    {
        ChannelName.Validate(channel);
        ArgumentNullException.ThrowIfNull(payload);
        if (System.Text.Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
        {
            throw new ArgumentException($"Event payloads are limited to {MaxPayloadBytes} bytes: publish an id and keep the data in a table.", nameof(payload));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        EventListener? listener;
        List<Subscription> all;
        lock (_lock)
        {
            listener = _listener;
            _listener = null;
            all = [.. _subscriptions.Values.SelectMany(list => list)];
        }
        foreach (var subscription in all)
        {
            await subscription.DisposeAsync();
        }
        if (listener is not null)
        {
            await listener.DisposeAsync();
        }
    }
}
