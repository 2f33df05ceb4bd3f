using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniBots.Conversations.Engine;
using OmniBots.Conversations.Storage;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Conversations.Jobs;

/// <summary>
/// Every 15 seconds (cron, a platform job): answers customer messages that were accepted (acknowledged) but not
/// answered for <see cref="Grace"/> — the replica that accepted them crashed or lost its connection before its turn
/// committed. Runs <c>ProcessAsync</c> in each conversation's tenant scope; it is idempotent (a message answered
/// meanwhile is skipped), so a recovery racing a live turn answers nothing twice.
/// </summary>
internal sealed class RecoveryHandler(TenantDatabase database, IServiceScopeFactory scopes, TimeProvider time, ILogger<RecoveryHandler> logger)
    : IJobHandler
{
    public const string Kind = "conversations.recover";
    public const string Cron = "0/15 * * * * ?";
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private const int BatchSize = 500;

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        List<(Guid TenantId, Guid ConversationId)> stuck;
        await using (var connection = await database.OpenElevatedAsync("conversations recovery: unanswered messages of every tenant", ct))
        {
            stuck = await Db.ListAsync(connection, null,
                "SELECT tenant_id, id FROM conversations.conversations WHERE accepted_sequence > processed_sequence AND status <> 'closed' " +
                "AND last_message_at < @before ORDER BY last_message_at LIMIT @limit",
                r => (r.GetGuid(0), r.GetGuid(1)), ct, ("before", time.GetUtcNow() - Grace), ("limit", BatchSize));
        }
        var answered = 0;
        var failures = await TenantScopes.ForEachAsync(scopes, logger, "Recovery", stuck,
            async (services, id) =>
            {
                var replies = await services.GetRequiredService<ConversationEngine>().ProcessAsync(id, ct);
                Interlocked.Add(ref answered, replies.Count);
            }, ct);
        if (stuck.Count > 0)
        {
            logger.LogInformation("Recovery processed {Count} conversation(s) with unanswered messages ({Replies} replies, {Failures} failed)",
                stuck.Count, answered, failures);
        }
    }
}
