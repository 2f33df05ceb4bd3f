using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Jobs.Enqueue;

/// <summary>
/// <see cref="IJobQueue"/>: jobs of the scope's tenant only. The tenant comes from the scoped
/// <see cref="ITenantContext"/> (the request's principal, or the running job's tenant), never from
/// the request alone, and the insert runs on a tenant-confined connection, so row-level security
/// refuses a job for another tenant even if this check were wrong.
/// </summary>
internal sealed class TenantJobQueue(
    PlatformDatabase database,
    TenantDatabase tenantDatabase,
    ITenantContext tenant,
    JobInserter inserter) : IJobQueue
{
    public async Task<EnqueuedJob> EnqueueAsync(JobRequest request, CancellationToken ct)
    {
        var confined = ForCurrentTenant(request);
        await database.Ready.WaitAsync(ct);
        await using var connection = await tenantDatabase.OpenAsync(ct);
        return await inserter.InsertAsync(connection, confined, ct);
    }

    public Task<EnqueuedJob> EnqueueAsync(NpgsqlConnection connection, JobRequest request, CancellationToken ct)
        => inserter.InsertAsync(connection, ForCurrentTenant(request), ct);

    private JobRequest ForCurrentTenant(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = tenant.TenantId ?? throw new TenantRequiredException(
            "IJobQueue enqueues jobs of the current tenant, and this scope has none: " +
            "enqueue platform jobs through IPlatformJobQueue, with a reason.");
        if (request.TenantId is { } requested && requested != current)
        {
            throw new InvalidOperationException(
                $"This scope belongs to tenant {current} and cannot enqueue a job for tenant {requested}: " +
                "a deliberate cross-tenant enqueue goes through IPlatformJobQueue, with a reason.");
        }
        return request with { TenantId = current };
    }
}
