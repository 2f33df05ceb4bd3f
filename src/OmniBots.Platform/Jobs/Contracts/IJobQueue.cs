using Npgsql;

namespace OmniBots.Platform.Jobs.Contracts;

/// <summary>
/// Puts work of the current tenant on the PostgreSQL job queue. Scoped: the job's tenant is the
/// scope's <see cref="Tenancy.ITenantContext"/> (the request's, or the running job's), so code
/// working for one tenant cannot enqueue a job that runs as another. Platform jobs and deliberate
/// cross-tenant enqueues go through <see cref="IPlatformJobQueue"/>. Jobs run at least once:
/// handlers must be idempotent.
/// </summary>
public interface IJobQueue
{
    /// <summary>Enqueues on a tenant-confined connection and wakes the workers of the job's queue.
    /// <see cref="JobRequest.TenantId"/> may be empty (the scope's tenant is used) or the scope's
    /// tenant; another tenant is refused, and so is a scope without a tenant.</summary>
    Task<EnqueuedJob> EnqueueAsync(JobRequest request, CancellationToken ct);

    /// <summary>Enqueues on <paramref name="connection"/> (one from <c>TenantDatabase.OpenAsync</c>),
    /// inside its current transaction if it has one, so the job exists only if that transaction
    /// commits; workers are woken at commit. The tenant rules are those of the other overload.</summary>
    Task<EnqueuedJob> EnqueueAsync(NpgsqlConnection connection, JobRequest request, CancellationToken ct);
}

/// <summary>What to run. <paramref name="Kind"/> names the registered <see cref="IJobHandler"/>.</summary>
public sealed record JobRequest(string Kind)
{
    /// <summary>JSON given to the handler.</summary>
    public string Payload { get; init; } = "{}";

    /// <summary>A queue configured under <c>Jobs:Queues</c>.</summary>
    public string Queue { get; init; } = JobQueues.Default;

    /// <summary>Not before this time; now when empty.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Higher runs first among due jobs of the same queue.</summary>
    public int Priority { get; init; }

    /// <summary>At most one job per key and tenant: enqueuing again returns the existing job.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The tenant the handler runs for. Through <see cref="IJobQueue"/> it is the scope's
    /// tenant whatever is set here; through <see cref="IPlatformJobQueue"/>, empty for platform jobs.</summary>
    public Guid? TenantId { get; init; }

    /// <summary>Attempts before the job goes dead; <c>Jobs:MaxAttempts</c> when empty.</summary>
    public int? MaxAttempts { get; init; }
}

/// <param name="Id">The job's id.</param>
/// <param name="Created">False when an existing job with the same idempotency key was returned.</param>
public sealed record EnqueuedJob(long Id, bool Created);

public static class JobQueues
{
    public const string Default = "default";
}

/// <summary>Job states as stored.</summary>
public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    /// <summary>The last attempt failed; it is retried at its run-at time.</summary>
    public const string Failed = "failed";
    public const string Succeeded = "succeeded";
    /// <summary>Every attempt failed; kept with its last error until retried by hand or cleaned up.</summary>
    public const string Dead = "dead";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Failed, Succeeded, Dead, Cancelled];
}
