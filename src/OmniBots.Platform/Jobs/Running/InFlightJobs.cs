using System.Collections.Concurrent;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>Jobs claimed by this process and not yet written back: their leases are renewed,
/// and they are released if the process stops before they finish.</summary>
internal sealed class InFlightJobs
{
    private readonly ConcurrentDictionary<long, ClaimedJob> _jobs = new();

    public int Count => _jobs.Count;

    public void Add(ClaimedJob job) => _jobs[job.Id] = job;

    public void Remove(ClaimedJob job) => _jobs.TryRemove(new KeyValuePair<long, ClaimedJob>(job.Id, job));

    public IReadOnlyList<ClaimedJob> Snapshot() => [.. _jobs.Values];
}
