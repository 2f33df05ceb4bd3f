using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Connectors.Sync;

/// <summary>
/// Every minute (cron <c>knowledge.sources.schedule</c>, a platform job): finds the enabled sources that are due across
/// tenants and enqueues one sync job each, for the source's tenant, keyed by source and due time. A source stays due
/// until its sync finishes and moves <c>next_sync_at</c>, so later ticks meet the same key and add nothing.
/// </summary>
internal sealed class SourceSchedulerHandler(TenantDatabase database, IPlatformJobQueue jobs, TimeProvider time, ILogger<SourceSchedulerHandler> logger) : IJobHandler
{
    public const string Kind = "knowledge.sources.schedule";
    public const string Cron = "0 * * * * ?";
    private const int BatchSize = 1000;

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var due = new List<(Guid Id, Guid TenantId, DateTimeOffset DueAt)>();
        await using (var connection = await database.OpenElevatedAsync("knowledge source scheduler: due sources of every tenant", ct))
        {
            await using var command = new NpgsqlCommand(
                "SELECT id, tenant_id, next_sync_at FROM knowledge.sources WHERE enabled AND next_sync_at <= @now ORDER BY next_sync_at LIMIT @limit", connection);
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            command.Parameters.AddWithValue("limit", BatchSize);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                due.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }
        var created = 0;
        foreach (var (id, tenantId, dueAt) in due)
        {
            var enqueued = await jobs.EnqueueAsync(new JobRequest(SourceSyncHandler.Kind)
            {
                TenantId = tenantId,
                Payload = JsonSerializer.Serialize(new SyncPayload(id), JsonSerializerOptions.Web),
                IdempotencyKey = SourceSyncHandler.IdempotencyKey(id, dueAt),
            }, "knowledge source scheduler: sync of a due source", ct);
            created += enqueued.Created ? 1 : 0;
        }
        if (created > 0)
        {
            logger.LogInformation("Source scheduler queued {Count} sync job(s) of {Due} due source(s)", created, due.Count);
        }
    }
}
