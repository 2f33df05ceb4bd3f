using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniBots.Conversations.Engine;
using OmniBots.Conversations.Storage;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Conversations.Jobs;

/// <summary>
/// Every minute (cron, a platform job): closes open conversations with no message for their bot's idle timeout
/// (copied to the conversation when it started), reason <c>idle_timeout</c>, with the closed event. Finds them across
/// tenants on a logged elevated connection, then closes each in its tenant's scope; the close re-checks the idle time,
/// so a message that arrived meanwhile keeps the conversation open.
/// </summary>
internal sealed class IdleCloseHandler(TenantDatabase database, IServiceScopeFactory scopes, TimeProvider time, ILogger<IdleCloseHandler> logger)
    : IJobHandler
{
    public const string Kind = "conversations.idle-close";
    public const string Cron = "0 * * * * ?";
    public const string Reason = "idle_timeout";
    private const int BatchSize = 1000;

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<(Guid TenantId, Guid ConversationId, int Minutes)> idle;
        await using (var connection = await database.OpenElevatedAsync("conversations idle sweep: idle conversations of every tenant", ct))
        {
            idle = await Db.ListAsync(connection, null,
                "SELECT tenant_id, id, idle_timeout_minutes FROM conversations.conversations WHERE status <> 'closed' " +
                "AND last_message_at < @now - make_interval(mins => idle_timeout_minutes) ORDER BY last_message_at LIMIT @limit",
                r => (r.GetGuid(0), r.GetGuid(1), r.GetInt32(2)), ct, ("now", now), ("limit", BatchSize));
        }
        var minutes = idle.ToDictionary(c => c.ConversationId, c => c.Minutes);
        var closed = 0;
        var failures = await TenantScopes.ForEachAsync(scopes, logger, "Idle close", idle.Select(c => (c.TenantId, c.ConversationId)),
            async (services, id) =>
            {
                var engine = services.GetRequiredService<ConversationEngine>();
                if (await engine.CloseAsync(id, Reason, now.AddMinutes(-minutes[id]), ct) == CloseOutcome.Closed)
                {
                    Interlocked.Increment(ref closed);
                }
            }, ct);
        if (closed > 0 || failures > 0)
        {
            logger.LogInformation("Idle sweep closed {Closed} conversation(s); {Failures} failed", closed, failures);
        }
    }
}
