using System.Text.Json;

namespace OmniBots.Platform.Jobs.Contracts;

/// <summary>
/// Runs jobs of one kind (register with <c>services.AddJobHandler&lt;T&gt;("kind")</c>). Resolved in a
/// fresh DI scope per job whose <see cref="Tenancy.ITenantContext"/> holds the job's tenant, so
/// <see cref="Tenancy.TenantDatabase"/> confines the handler to it and <see cref="IJobQueue"/> enqueues
/// follow-ups for it. Throwing fails the attempt (it is retried with backoff); returning completes
/// the job. The token is cancelled when the host's shutdown time runs out: a handler that then ends
/// promptly (within <c>Jobs:AbortGraceSeconds</c>) has its job released to run again elsewhere.
/// </summary>
public interface IJobHandler
{
    Task HandleAsync(JobContext job, CancellationToken ct);
}

/// <summary>The job a handler runs.</summary>
public sealed record JobContext(
    long Id,
    string Kind,
    string Queue,
    Guid? TenantId,
    string Payload,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset EnqueuedAt)
{
    public T? PayloadAs<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(Payload, options ?? JsonSerializerOptions.Web);
}
