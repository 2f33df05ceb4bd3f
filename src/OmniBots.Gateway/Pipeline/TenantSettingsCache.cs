using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using OmniBots.Platform.Database;
using OmniBots.Platform.Events;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Pipeline;

/// <summary>
/// Each tenant's settings in memory: read once per replica, then dropped when a change is announced on
/// <see cref="GatewayConfigChanges.Channel"/> (or everything, after the listener reconnected). The hot path
/// never waits for the database once a tenant was seen.
/// </summary>
internal sealed class TenantSettingsCache(PlatformDatabase database, IEventBus bus) : IHostedService
{
    private readonly ConcurrentDictionary<Guid, Task<TenantGatewaySettings>> _settings = new();
    private IAsyncDisposable? _subscription;

    public ValueTask<TenantGatewaySettings> GetAsync(Guid tenantId, CancellationToken ct)
    {
        var load = _settings.GetOrAdd(tenantId, id => LoadAsync(id));
        if (load.IsCompletedSuccessfully)
        {
            return ValueTask.FromResult(load.Result);
        }
        return new ValueTask<TenantGatewaySettings>(AwaitAsync(tenantId, load, ct));
    }

    private async Task<TenantGatewaySettings> AwaitAsync(Guid tenantId, Task<TenantGatewaySettings> load, CancellationToken ct)
    {
        try
        {
            return await load.WaitAsync(ct);
        }
        catch (Exception) when (load.IsFaulted)
        {
            // A failed read is not remembered: the next call tries again.
            _settings.TryRemove(new KeyValuePair<Guid, Task<TenantGatewaySettings>>(tenantId, load));
            throw;
        }
    }

    private async Task<TenantGatewaySettings> LoadAsync(Guid tenantId)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, CancellationToken.None);
        return await TenantSettingsStore.ReadAsync(connection, CancellationToken.None);
    }

    public void Forget(Guid tenantId) => _settings.TryRemove(tenantId, out _);

    public async Task StartAsync(CancellationToken cancellationToken)
        => _subscription = await bus.SubscribeAsync(GatewayConfigChanges.Channel, (message, _) =>
        {
            if (message.Reconnected)
            {
                _settings.Clear();
            }
            else if (message.Payload.StartsWith("tenant:", StringComparison.Ordinal) && Guid.TryParse(message.Payload.AsSpan(7), out var tenant))
            {
                Forget(tenant);
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
}
