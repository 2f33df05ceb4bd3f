using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Platform.Jobs.Enqueue;

/// <summary><see cref="IPlatformJobQueue"/>: any tenant or none, on the elevated pool; every
/// enqueue is logged with its reason, like an elevated database scope.</summary>
internal sealed class PlatformJobQueue(
    PlatformDatabase database,
    JobInserter inserter,
    ILogger<PlatformJobQueue> logger) : IPlatformJobQueue
{
    public async Task<EnqueuedJob> EnqueueAsync(JobRequest request, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await database.Ready.WaitAsync(ct);
        await using var connection = await database.Elevated.OpenConnectionAsync(ct);
        return Logged(await inserter.InsertAsync(connection, request, ct), request, reason);
    }

    public async Task<EnqueuedJob> EnqueueAsync(NpgsqlConnection connection, JobRequest request, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Logged(await inserter.InsertAsync(connection, request, ct), request, reason);
    }

    private EnqueuedJob Logged(EnqueuedJob job, JobRequest request, string reason)
    {
        logger.LogInformation("Platform enqueue: {Reason}: job {JobId} ({Kind}) for tenant {TenantId} (new: {Created})",
            reason, job.Id, request.Kind, request.TenantId, job.Created);
        return job;
    }
}
