using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Events;

namespace OmniBots.Identity.Sessions;

/// <summary>
/// This replica's set of revoked sessions, checked on every cookie and bearer request without a
/// database round trip. Filled at start from <c>identity.session_revocations</c> (through
/// <c>identity.revoked_sessions()</c>); a revocation
/// anywhere arrives by NOTIFY (sent by the table's trigger at commit); every
/// <c>Identity:RevocationRefreshSeconds</c> the recent rows are read again in case a notification
/// was lost, and after the listener reconnects everything is read again. Entries leave the set once
/// their session would have expired anyway.
/// </summary>
internal sealed class RevokedSessions(
    PlatformDatabase database, IEventBus bus, TimeProvider time, IOptions<IdentitySettings> settings, ILogger<RevokedSessions> logger)
    : BackgroundService
{
    public const string Channel = "identity.sessions.revoked";

    // Transactions commit out of order: a re-read goes this far back, so a revocation whose
    // transaction started earlier but committed after the last read is still found.
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _revoked = new();
    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private IAsyncDisposable? _subscription;

    public bool IsRevoked(Guid sessionId) => _revoked.ContainsKey(sessionId);

    /// <summary>Called by this replica right after it committed a revocation, so its own next request is refused without waiting for the notification.</summary>
    public void Add(Guid sessionId, DateTimeOffset expiresAt) => _revoked[sessionId] = expiresAt;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the host serves requests: a revoked session must never be honoured after a restart.
        _subscription = await bus.SubscribeAsync(Channel, HandleAsync, cancellationToken);
        await ReadAsync(since: null, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.RevocationRefreshSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReadAsync(_lastRead - Overlap, stoppingToken);
                Prune();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(ex, "Could not re-read session revocations; trying again in {Seconds} s", settings.Value.RevocationRefreshSeconds);
            }
        }
    }

    private async Task HandleAsync(BusEvent message, CancellationToken ct)
    {
        if (message.Reconnected)
        {
            await ReadAsync(since: null, ct);
            return;
        }
        var parts = message.Payload.Split(' ');
        if (parts.Length == 2 && Guid.TryParse(parts[0], out var session)
            && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires))
        {
            Add(session, DateTimeOffset.FromUnixTimeSeconds(expires));
        }
    }

    private async Task ReadAsync(DateTimeOffset? since, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The table is elevated-only; this function (SECURITY DEFINER) is all the runtime role may read of it.
        await using var command = database.Runtime.CreateCommand("SELECT session_id, expires_at FROM identity.revoked_sessions(@since::timestamptz, @now)");
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("since", since is { } from ? from : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            Add(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1));
        }
        _lastRead = now;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (session, expires) in _revoked)
        {
            if (expires <= now)
            {
                _revoked.TryRemove(new KeyValuePair<Guid, DateTimeOffset>(session, expires));
            }
        }
    }
}
