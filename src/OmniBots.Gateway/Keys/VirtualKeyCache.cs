using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniBots.Gateway.Pipeline;
using OmniBots.Platform.Events;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Keys;

/// <summary>
/// Presented virtual keys by prefix, so a busy key costs no database round trip per call. A miss reads
/// through the logged elevated scope (the tenant is not known yet). Revocation publishes on
/// <see cref="GatewayConfigChanges.Channel"/> and every replica drops the key; entries also expire after
/// five minutes, and everything is dropped when the listener reconnects (notifications may have been lost).
/// </summary>
internal sealed class VirtualKeyCache(IServiceScopeFactory scopes, IEventBus bus, TimeProvider time) : IHostedService
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (VirtualKey Key, DateTimeOffset Until)> _byPrefix = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, string> _prefixById = new();
    private IAsyncDisposable? _subscription;

    /// <summary>The usable key the caller presented, or null (unknown, wrong secret, revoked, expired).</summary>
    public async ValueTask<VirtualKey?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (!VirtualKeyFormat.TryParse(presented, out var prefix, out var hash))
        {
            return null;
        }
        var key = await FindAsync(prefix, ct);
        return key is not null && CryptographicOperations.FixedTimeEquals(key.SecretHash, hash) && key.IsUsableAt(time.GetUtcNow())
            ? key : null;
    }

    /// <summary>A key by id for the pipeline (it was authenticated moments ago, so normally in memory).</summary>
    public async ValueTask<VirtualKey?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        if (_prefixById.TryGetValue(id, out var prefix))
        {
            return await FindAsync(prefix, ct);
        }
        await using var scope = scopes.CreateAsyncScope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<TenantDatabase>().OpenElevatedAsync("virtual key lookup by id", ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT prefix FROM gateway.virtual_keys WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(ct) is string found ? await FindAsync(found, ct) : null;
    }

    private async ValueTask<VirtualKey?> FindAsync(string prefix, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_byPrefix.TryGetValue(prefix, out var cached) && cached.Until > now)
        {
            return cached.Key;
        }
        await using var scope = scopes.CreateAsyncScope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<TenantDatabase>().OpenElevatedAsync("virtual key lookup", ct);
        var key = await VirtualKeyStore.FindByPrefixAsync(connection, prefix, ct);
        // Unknown prefixes are not remembered: guessing cannot fill the cache.
        if (key is not null)
        {
            _byPrefix[prefix] = (key, now + Lifetime);
            _prefixById[key.Id] = prefix;
        }
        return key;
    }

    public void Forget(string prefix) => _byPrefix.TryRemove(prefix, out _);

    public async Task StartAsync(CancellationToken cancellationToken)
        => _subscription = await bus.SubscribeAsync(GatewayConfigChanges.Channel, (message, _) =>
        {
            if (message.Reconnected)
            {
                _byPrefix.Clear();
            }
            else if (message.Payload.StartsWith("key:", StringComparison.Ordinal))
            {
                Forget(message.Payload[4..]);
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
