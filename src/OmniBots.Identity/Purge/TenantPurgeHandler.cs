using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Purge;

internal sealed record TenantPurgePayload(Guid TenantId);

/// <summary>
/// <c>tenancy.purge</c>: deletes a tenant marked <c>deleting</c>. Every registered
/// <see cref="ITenantPurgeStep"/> runs in one elevated transaction, then the tenant row goes; a
/// failure undoes it all and the job retries. A platform job (no tenant): it deletes the tenant's
/// jobs too, and no tenant scope could see every table it empties.
/// </summary>
internal sealed class TenantPurgeHandler(
    TenantDatabase db, IEnumerable<ITenantPurgeStep> steps, IAuditLog audit, ILogger<TenantPurgeHandler> logger) : IJobHandler
{
    public const string Kind = "tenancy.purge";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var tenantId = job.PayloadAs<TenantPurgePayload>()?.TenantId ?? throw new InvalidOperationException("The purge job names no tenant.");
        await using var connection = await db.OpenElevatedAsync($"{Kind}: {tenantId}", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Locks the row, and refuses to purge a tenant that is not being deleted (or was purged: a retry after commit).
        await using (var check = new NpgsqlCommand("SELECT status FROM tenancy.tenants WHERE id = @id FOR UPDATE", connection, transaction))
        {
            check.Parameters.AddWithValue("id", tenantId);
            var status = (string?)await check.ExecuteScalarAsync(ct);
            if (status != "deleting")
            {
                logger.LogWarning("Tenant {TenantId} not purged: its status is {Status}", tenantId, status ?? "gone");
                return;
            }
        }
        var context = new TenantPurgeContext(tenantId, connection, transaction);
        foreach (var step in steps)
        {
            await step.PurgeAsync(context, ct);
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM tenancy.tenants WHERE id = @id", connection, transaction))
        {
            delete.Parameters.AddWithValue("id", tenantId);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        logger.LogInformation("Tenant {TenantId} purged by {Steps} steps", tenantId, steps.Count());
        await audit.RecordAsync(new AuditEntry("tenant.purged") { TargetType = "tenant", TargetId = tenantId.ToString() }, ct);
    }
}
