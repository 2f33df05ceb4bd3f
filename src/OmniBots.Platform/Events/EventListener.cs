using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Resilience;

namespace OmniBots.Platform.Events;

/// <summary>
/// The process's one LISTEN connection. It waits for notifications; when the set of channels
/// changes, a notification on a private wake channel interrupts the wait so LISTEN can be sent
/// (a connection cannot run a command while it waits). When the connection drops it reconnects
/// with backoff, LISTENs again and reports the reconnection.
/// </summary>
internal sealed class EventListener(
    string connectionString,
    Action<string, string> onNotification,
    Action onReconnected,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    // Replicas reconnect with jitter, not in lock step, after a database restart.
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly HashSet<string> _wanted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listening = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private bool _changed;

    /// <summary>Unique per process, so only this listener is woken.</summary>
    public string WakeChannel { get; } = $"omnibots_wake_{Guid.NewGuid():N}";

    /// <summary>Adds a channel; the task completes once LISTEN is active for it.</summary>
    public Task ListenAsync(string channel)
    {
        lock (_lock)
        {
            _loop ??= Task.Run(RunAsync);
            if (_wanted.Contains(channel) && !_pending.ContainsKey(channel))
            {
                return Task.CompletedTask;
            }
            _wanted.Add(channel);
            _changed = true;
            if (!_pending.TryGetValue(channel, out var pending))
            {
                pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[channel] = pending;
            }
            return pending.Task;
        }
    }

    /// <summary>Stops listening on the next wake-up; until then extra events are simply not dispatched.</summary>
    public void Unlisten(string channel)
    {
        lock (_lock)
        {
            _changed |= _wanted.Remove(channel);
        }
    }

    private async Task RunAsync()
    {
        var failures = 0;
        var connectedBefore = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(_stop.Token);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel != WakeChannel)
                    {
                        onNotification(e.Channel, e.Payload);
                    }
                };
                _listening.Clear();
                lock (_lock)
                {
                    _changed = true;
                }
                await ExecuteAsync(connection, $"LISTEN {ChannelName.Quote(WakeChannel)}");
                await SyncAsync(connection);
                if (connectedBefore)
                {
                    logger.LogInformation("Event listener reconnected after {Failures} failed attempt(s)", failures);
                    onReconnected();
                }
                connectedBefore = true;
                failures = 0;
                while (true)
                {
                    await connection.WaitAsync(_stop.Token);
                    await SyncAsync(connection);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff.Delay(failures, FirstBackoff, MaxBackoff);
                logger.LogWarning(ex, "Event listener connection lost or unavailable; reconnecting in {Delay} ms", (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, time, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SyncAsync(NpgsqlConnection connection)
    {
        string[] wanted;
        lock (_lock)
        {
            if (!_changed)
            {
                return;
            }
            _changed = false;
            wanted = [.. _wanted];
        }
        foreach (var channel in _listening.Except(wanted, StringComparer.Ordinal).ToList())
        {
            await ExecuteAsync(connection, $"UNLISTEN {ChannelName.Quote(channel)}");
            _listening.Remove(channel);
        }
        foreach (var channel in wanted.Where(c => !_listening.Contains(c)))
        {
            await ExecuteAsync(connection, $"LISTEN {ChannelName.Quote(channel)}");
            _listening.Add(channel);
        }
        lock (_lock)
        {
            foreach (var channel in wanted)
            {
                if (_pending.Remove(channel, out var pending))
                {
                    pending.TrySetResult();
                }
            }
        }
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task? loop;
        lock (_lock)
        {
            loop = _loop;
            foreach (var pending in _pending.Values)
            {
                pending.TrySetCanceled();
            }
        }
        if (loop is not null)
        {
            await loop;
        }
        _stop.Dispose();
    }
}
