using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Events;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.ApiKeys;

/// <summary>A stored key as authentication needs it (never the secret, only its hash).</summary>
internal sealed record ApiKeyEntry(Guid Id, Guid TenantId, byte[] SecretHash, IReadOnlyList<string> Permissions, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Presented keys by prefix, so a busy server key costs no database round trip per request.
/// The lookup happens before the tenant is known, so a miss reads through the logged elevated
/// scope. Revoking a key notifies every replica (<see cref="Channel"/>), which drops it at once;
/// entries also expire after <c>Identity:ApiKeyCacheSeconds</c>, and the whole cache is dropped
/// when the listener reconnects (notifications may have been lost meanwhile).
/// </summary>
internal sealed class ApiKeyCache(IServiceScopeFactory scopes, IEventBus bus, TimeProvider time, IOptions<IdentitySettings> settings) : IHostedService
{
    public const string Channel = "identity.api-keys";
    private readonly ConcurrentDictionary<string, (ApiKeyEntry? Entry, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);
    private IAsyncDisposable? _subscription;

    public async Task<ApiKeyEntry?> FindAsync(string prefix, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(prefix, out var cached) && cached.Until > now)
        {
            return cached.Entry;
        }
        var entry = await LoadAsync(prefix, ct);
        // Unknown prefixes are not remembered: guessing cannot fill the cache.
        if (entry is not null)
        {
            _entries[prefix] = (entry, now.AddSeconds(settings.Value.ApiKeyCacheSeconds));
        }
        return entry;
    }

    /// <summary>Drops the key here now and, once <paramref name="connection"/>'s transaction commits, everywhere.</summary>
    public Task RevokedAsync(NpgsqlConnection connection, string prefix, CancellationToken ct)
    {
        _entries.TryRemove(prefix, out _);
        return bus.PublishAsync(connection, Channel, prefix, ct);
    }

    public void Forget(string prefix) => _entries.TryRemove(prefix, out _);

    public async Task StartAsync(CancellationToken cancellationToken)
        => _subscription = await bus.SubscribeAsync(Channel, (message, _) =>
        {
            if (message.Reconnected)
            {
                _entries.Clear();
            }
            else
            {
                Forget(message.Payload);
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

    private async Task<ApiKeyEntry?> LoadAsync(string prefix, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TenantDatabase>();
        await using var connection = await database.OpenElevatedAsync("api key lookup", ct);
        await using var command = new NpgsqlCommand(
            "SELECT id, tenant_id, secret_hash, permissions, expires_at, revoked_at FROM identity.api_keys WHERE prefix = @prefix", connection);
        command.Parameters.AddWithValue("prefix", prefix);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new ApiKeyEntry(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<byte[]>(2),
            PermissionCatalogue.KnownOnly(reader.GetFieldValue<string[]>(3)),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }
}
