using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Events;

namespace OmniBots.Gateway.Registry.Snapshot;

/// <summary>
/// The registry in memory, so routing a call costs no database round trip: the platform part is loaded once,
/// each tenant's part on its first call. Every change invalidates here at once and, through <see cref="Channel"/>,
/// on every replica (payload "platform" or a tenant id); a listener reconnect drops everything, since
/// notifications may have been lost meanwhile.
/// </summary>
internal sealed partial class RegistryCache(RegistryLoader loader, IEventBus bus, ILogger<RegistryCache> logger) : IHostedService
{
    public const string Channel = "gateway.registry";
    private const string PlatformPayload = "platform";
    private readonly ConcurrentDictionary<Guid, Lazy<Task<TenantRegistry>>> _tenants = new();
    private readonly Lock _gate = new();
    private Lazy<Task<PlatformRegistry>>? _platform;
    private IAsyncDisposable? _subscription;

    public async ValueTask<RegistryView> ViewAsync(Guid tenantId, CancellationToken ct)
    {
        var platform = PlatformTask();
        var tenant = _tenants.GetOrAdd(tenantId, static (id, self) => new Lazy<Task<TenantRegistry>>(() => self.LoadTenantAsync(id)), this);
        try
        {
            return new RegistryView(await platform.WaitAsync(ct), await tenant.Value.WaitAsync(ct));
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A failed load is not cached: the next call tries again.
            if (platform.IsFaulted)
            {
                lock (_gate)
                {
                    if (_platform is { IsValueCreated: true } lazy && lazy.Value.IsFaulted)
                    {
                        _platform = null;
                    }
                }
            }
            if (tenant.IsValueCreated && tenant.Value.IsFaulted)
            {
                _tenants.TryRemove(new KeyValuePair<Guid, Lazy<Task<TenantRegistry>>>(tenantId, tenant));
            }
            throw;
        }
    }

    private Task<TenantRegistry> LoadTenantAsync(Guid tenantId) => loader.LoadTenantAsync(tenantId, CancellationToken.None);

    public Task<PlatformRegistry> PlatformAsync(CancellationToken ct) => PlatformTask().WaitAsync(ct);

    /// <summary>Drops the changed part here now and, once <paramref name="connection"/>'s transaction commits (or now, without one), everywhere.</summary>
    public async Task ChangedAsync(NpgsqlConnection? connection, Guid? tenantId, CancellationToken ct)
    {
        var payload = tenantId?.ToString() ?? PlatformPayload;
        Invalidate(payload);
        if (connection is null)
        {
            await bus.PublishAsync(Channel, payload, ct);
        }
        else
        {
            await bus.PublishAsync(connection, Channel, payload, ct);
        }
    }

    private Task<PlatformRegistry> PlatformTask()
    {
        var current = Volatile.Read(ref _platform);
        if (current is null)
        {
            lock (_gate)
            {
                current = _platform ??= new Lazy<Task<PlatformRegistry>>(() => loader.LoadPlatformAsync(CancellationToken.None));
            }
        }
        return current.Value;
    }

    private void Invalidate(string payload)
    {
        if (payload == PlatformPayload)
        {
            Volatile.Write(ref _platform, null);
        }
        else if (Guid.TryParse(payload, out var tenantId))
        {
            _tenants.TryRemove(tenantId, out _);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
        => _subscription = await bus.SubscribeAsync(Channel, (message, _) =>
        {
            if (message.Reconnected)
            {
                LogReconnected(logger);
                Volatile.Write(ref _platform, null);
                _tenants.Clear();
            }
            else
            {
                Invalidate(message.Payload);
            }
            return Task.CompletedTask;
        }, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway registry listener reconnected: the cached registry is reloaded on next use.")]
    private static partial void LogReconnected(ILogger logger);
}
