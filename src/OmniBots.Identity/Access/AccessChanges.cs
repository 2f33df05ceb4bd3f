using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Events;

namespace OmniBots.Identity.Access;

/// <summary>
/// <see cref="IAccessChanges"/>: evicts this replica's cache at once and notifies every replica
/// (this one included, which evicts again at commit, so nothing stale read in between survives).
/// The hosted part listens for those notifications; after the listener reconnects it clears the
/// whole cache, since notifications sent meanwhile are lost.
/// </summary>
internal sealed class AccessChanges(AccessCache cache, IEventBus bus, ILogger<AccessChanges> logger) : IAccessChanges, IHostedService
{
    public const string Channel = "identity.access";
    private IAsyncDisposable? _subscription;

    public Task UserChangedAsync(Guid? tenantId, Guid userId, NpgsqlConnection? connection, CancellationToken ct)
    {
        cache.EvictUser(tenantId, userId);
        return PublishAsync($"user {(tenantId is { } t ? t.ToString() : "platform")} {userId}", connection, ct);
    }

    public Task TenantChangedAsync(Guid tenantId, NpgsqlConnection? connection, CancellationToken ct)
    {
        cache.EvictTenant(tenantId);
        return PublishAsync($"tenant {tenantId}", connection, ct);
    }

    private Task PublishAsync(string payload, NpgsqlConnection? connection, CancellationToken ct)
        => connection is null ? bus.PublishAsync(Channel, payload, ct) : bus.PublishAsync(connection, Channel, payload, ct);

    public async Task StartAsync(CancellationToken cancellationToken)
        => _subscription = await bus.SubscribeAsync(Channel, HandleAsync, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    private Task HandleAsync(BusEvent message, CancellationToken ct)
    {
        var parts = message.Payload.Split(' ');
        if (message.Reconnected)
        {
            cache.Clear();
        }
        else if (parts is ["user", var tenant, var user] && Guid.TryParse(user, out var userId))
        {
            cache.EvictUser(Guid.TryParse(tenant, out var tenantId) ? tenantId : null, userId);
        }
        else if (parts is ["tenant", var id] && Guid.TryParse(id, out var changedTenant))
        {
            cache.EvictTenant(changedTenant);
        }
        else
        {
            logger.LogWarning("Ignored an access change notification it cannot read: {Payload}", message.Payload);
        }
        return Task.CompletedTask;
    }
}
