using Microsoft.Extensions.Logging;
using OmniBots.Bots.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Secrets;

/// <summary>
/// <see cref="IFlowEnvironment"/>: the tenant's secrets decrypted for a turn (<c>{{env.X}}</c>), from the
/// per-replica <see cref="SecretCache"/> when fresh. Scoped; the tenant comes from the scope.
/// </summary>
internal sealed class FlowEnvironment(ITenantContext tenant, SecretStore store, SecretCache cache, TimeProvider time, ILogger<FlowEnvironment> logger)
    : IFlowEnvironment
{
    public async Task<IReadOnlyDictionary<string, string>> LoadAsync(CancellationToken ct)
    {
        var tenantId = tenant.TenantId ?? throw new TenantRequiredException("Tenant secrets need a tenant in the scope.");
        if (cache.Find(tenantId) is { } cached)
        {
            return cached;
        }
        var generation = cache.Generation(tenantId);
        var loadedAt = time.GetUtcNow();
        var (values, unreadable) = await store.DecryptAllAsync(ct);
        if (unreadable.Count > 0)
        {
            // Left out rather than failing the turn: a template naming it renders empty and the trace says so.
            logger.LogWarning("Tenant {Tenant}: secrets {Names} no longer decrypt (key ring changed); set them again.", tenantId, string.Join(", ", unreadable));
        }
        cache.Store(tenantId, values, generation, loadedAt);
        return values;
    }
}
