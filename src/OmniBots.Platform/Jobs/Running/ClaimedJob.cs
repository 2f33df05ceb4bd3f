using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>A job this process claimed. (Id, Attempt) fences every later write: a job whose lease
/// expired and was claimed again has a higher attempt, so a late write of the old run changes nothing.</summary>
internal sealed record ClaimedJob(
    long Id,
    Guid? TenantId,
    string Queue,
    string Kind,
    string Payload,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset DueAt,
    DateTimeOffset StartedAt)
{
    public JobContext ToContext() => new(Id, Kind, Queue, TenantId, Payload, Attempt, MaxAttempts, EnqueuedAt);
}

/// <summary>How a run ended, waiting to be written. <see cref="Error"/> is null on success.</summary>
internal sealed record JobOutcome(ClaimedJob Job, Exception? Error);
