using Npgsql;

namespace OmniBots.Platform.Jobs.Contracts;

/// <summary>
/// Enqueues jobs for any tenant, or for none (platform jobs), on the elevated pool: for the
/// scheduler, platform administration and platform jobs that fan out to tenants. It is the
/// explicit way around <see cref="IJobQueue"/>'s tenant confinement, so every enqueue is logged
/// with its reason. Singleton.
/// </summary>
public interface IPlatformJobQueue
{
    /// <summary>Enqueues <paramref name="request"/> as given (its <see cref="JobRequest.TenantId"/>,
    /// empty for a platform job) and wakes the workers of its queue.</summary>
    /// <param name="reason">Why this code may enqueue across tenants, for the log: "cron billing.close-day".</param>
    Task<EnqueuedJob> EnqueueAsync(JobRequest request, string reason, CancellationToken ct);

    /// <summary>Enqueues on <paramref name="connection"/>, inside its current transaction if it has
    /// one; workers are woken at commit. A tenant-confined connection still refuses other tenants.</summary>
    Task<EnqueuedJob> EnqueueAsync(NpgsqlConnection connection, JobRequest request, string reason, CancellationToken ct);
}
