using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Bots.Common;
using OmniBots.Bots.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Directory;

/// <summary>
/// Deployment keys to deployments, across tenants: a widget presents its key before any tenant is known, so a miss
/// reads through a logged elevated scope. Hits are remembered for <see cref="CacheFor"/> only (no invalidation
/// message): a rotated, deleted or disabled key stops working within those seconds on every replica. Unknown keys
/// are never remembered, so guessing cannot fill the cache.
/// </summary>
internal sealed class DeploymentKeyLookup(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (DeploymentLookup Deployment, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public async Task<DeploymentLookup?> FindAsync(string key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 100)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Deployment;
        }
        var found = await LoadAsync(key, ct);
        if (found is null)
        {
            _entries.TryRemove(key, out _);
            return null;
        }
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear(); // crude bound; entries live seconds anyway
        }
        _entries[key] = (found, now + CacheFor);
        return found;
    }

    private async Task<DeploymentLookup?> LoadAsync(string key, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TenantDatabase>();
        await using var connection = await database.OpenElevatedAsync("deployment key lookup", ct);
        var rows = await Sql.ListAsync(connection, null,
            "SELECT d.tenant_id, d.bot_id, d.id, d.channel, d.allowed_origins, d.allow_any_origin, d.enabled AND b.status = 'active' " +
            "FROM bots.deployments d JOIN bots.bots b ON b.id = d.bot_id WHERE d.deployment_key = @key",
            r => new DeploymentLookup(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetFieldValue<string[]>(4), r.GetBoolean(5),
                r.GetBoolean(6)), ct, ("key", key));
        return rows.Count == 1 ? rows[0] : null;
    }
}
