using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OmniBots.Identity.Access;

/// <summary>
/// Per-replica cache of users' access and tenants' state, so an authenticated request costs no
/// database round trip. Entries live <c>Identity:AccessCacheSeconds</c>; changes evict them at once
/// on every replica through <see cref="AccessChanges"/> (NOTIFY), the lifetime only bounds what a
/// lost notification can cost. Concurrent misses for one key share one load.
/// </summary>
internal sealed class AccessCache(AccessLoader loader, TimeProvider time, IOptions<IdentitySettings> settings)
{
    private readonly ConcurrentDictionary<(Guid? Tenant, Guid User), Entry<UserAccess>> _users = new();
    private readonly ConcurrentDictionary<Guid, Entry<TenantState>> _tenants = new();
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(settings.Value.AccessCacheSeconds);

    public Task<UserAccess?> GetUserAsync(Guid? tenantId, Guid userId, CancellationToken ct)
        => GetAsync(_users, (tenantId, userId), key => loader.LoadUserAsync(key.Item1, key.Item2, CancellationToken.None), ct);

    public Task<TenantState?> GetTenantAsync(Guid tenantId, CancellationToken ct)
        => GetAsync(_tenants, tenantId, key => loader.LoadTenantAsync(key, CancellationToken.None), ct);

    public void EvictUser(Guid? tenantId, Guid userId) => _users.TryRemove((tenantId, userId), out _);

    /// <summary>A tenant change (role definitions, status) can affect every user of the tenant.</summary>
    public void EvictTenant(Guid tenantId)
    {
        _tenants.TryRemove(tenantId, out _);
        foreach (var key in _users.Keys.Where(k => k.Tenant == tenantId))
        {
            _users.TryRemove(key, out _);
        }
    }

    public void Clear()
    {
        _users.Clear();
        _tenants.Clear();
    }

    private async Task<T?> GetAsync<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> cache, TKey key, Func<TKey, Task<T?>> load, CancellationToken ct)
        where TKey : notnull
        where T : class
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var entry) && entry.Until > now && !entry.Value.IsFaulted)
        {
            return await entry.Value.WaitAsync(ct);
        }
        // The load itself is not cancelled with the request: other requests may be waiting on it.
        var fresh = new Entry<T>(load(key), now + _lifetime);
        var stored = entry is null
            ? cache.GetOrAdd(key, fresh)
            : cache.TryUpdate(key, fresh, entry) ? fresh : cache.GetValueOrDefault(key, fresh);
        try
        {
            return await stored.Value.WaitAsync(ct);
        }
        catch (Exception) when (stored.Value.IsFaulted)
        {
            cache.TryRemove(new KeyValuePair<TKey, Entry<T>>(key, stored));
            throw;
        }
    }

    private sealed record Entry<T>(Task<T?> Value, DateTimeOffset Until);
}
