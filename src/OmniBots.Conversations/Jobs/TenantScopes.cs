using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Conversations.Jobs;

/// <summary>Runs work for one conversation in a fresh DI scope of its tenant, so the engine's tenant-confined
/// connections and services apply; a failure is logged and does not stop the sweep.</summary>
internal static class TenantScopes
{
    public static async Task<int> ForEachAsync(IServiceScopeFactory scopes, ILogger logger, string what,
        IEnumerable<(Guid TenantId, Guid ConversationId)> conversations, Func<IServiceProvider, Guid, Task> work, CancellationToken ct)
    {
        var failures = 0;
        foreach (var (tenantId, conversationId) in conversations)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId);
                await work(scope.ServiceProvider, conversationId);
            }
#pragma warning disable CA1031 // one conversation failing must not stop the sweep of the others; it is logged and retried next tick
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                failures++;
                logger.LogWarning(e, "{What} failed for conversation {ConversationId} of tenant {TenantId}", what, conversationId, tenantId);
            }
        }
        return failures;
    }
}
