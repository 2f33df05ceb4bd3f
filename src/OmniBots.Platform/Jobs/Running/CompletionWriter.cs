using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Jobs.Metrics;
using OmniBots.Platform.Resilience;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>
/// Writes finished runs back in batches: whatever finished while the previous write was in flight
/// goes in the next one, so an idle queue writes each job at once and a busy one pays one commit
/// for many jobs. Jobs stay leased (and heartbeated) until their outcome is written.
/// </summary>
internal sealed class CompletionWriter(
    JobStore store,
    InFlightJobs inFlight,
    RetryPolicy retries,
    JobMetrics metrics,
    TimeProvider time,
    ILogger<CompletionWriter> logger)
{
    private const int MaxBatch = 1000;
    private const int MaxErrorLength = 4000;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<JobOutcome> _outcomes = Channel.CreateUnbounded<JobOutcome>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Called after a batch with retries is written, with the queues to wake.</summary>
    public Action<IEnumerable<string>>? RetriesScheduled { get; set; }

    public void Add(JobOutcome outcome) => _outcomes.Writer.TryWrite(outcome);

    /// <summary>Stops accepting outcomes; <see cref="RunAsync"/> ends after writing what it has.</summary>
    public void Complete() => _outcomes.Writer.TryComplete();

    public async Task RunAsync(CancellationToken abandon)
    {
        var batch = new List<JobOutcome>(MaxBatch);
        var failures = 0;
        while (await _outcomes.Reader.WaitToReadAsync(abandon))
        {
            while (batch.Count < MaxBatch && _outcomes.Reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
            }
            try
            {
                await WriteAsync(batch, abandon);
                batch.Clear();
                failures = 0;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Keep the batch and try again: the leases are still renewed meanwhile.
                failures++;
                logger.LogWarning(ex, "Could not write {Count} job outcome(s); retrying", batch.Count);
                await Task.Delay(Backoff.Delay(failures, FirstBackoff, MaxBackoff), time, abandon);
            }
        }
    }

    private async Task WriteAsync(List<JobOutcome> batch, CancellationToken ct)
    {
        var succeeded = new List<JobOutcome>();
        var failed = new List<FailedRun>();
        foreach (var outcome in batch)
        {
            if (outcome.Error is null)
            {
                succeeded.Add(outcome);
                continue;
            }
            var job = outcome.Job;
            var error = Describe(outcome.Error);
            failed.Add(job.Attempt >= job.MaxAttempts
                ? new FailedRun(job, JobStates.Dead, null, error)
                : new FailedRun(job, JobStates.Failed, retries.DelayAfter(job.Attempt), error));
        }
        await store.CompleteAsync(succeeded, failed, ct);
        foreach (var outcome in batch)
        {
            inFlight.Remove(outcome.Job);
        }
        foreach (var outcome in succeeded)
        {
            metrics.Succeeded(outcome.Job.Queue, outcome.Job.Kind);
        }
        foreach (var run in failed)
        {
            if (run.State == JobStates.Dead)
            {
                metrics.Dead(run.Job.Queue, run.Job.Kind);
                logger.LogError("Job {JobId} ({Kind}) is dead after {Attempts} attempt(s): {Error}", run.Job.Id, run.Job.Kind, run.Job.Attempt, run.Error);
            }
            else
            {
                metrics.Failed(run.Job.Queue, run.Job.Kind);
                logger.LogWarning("Job {JobId} ({Kind}) attempt {Attempt} failed; retry in {RetryIn}: {Error}",
                    run.Job.Id, run.Job.Kind, run.Job.Attempt, run.RetryIn, run.Error);
            }
        }
        var retryQueues = failed.Where(f => f.State == JobStates.Failed).Select(f => f.Job.Queue).Distinct().ToList();
        if (retryQueues.Count > 0)
        {
            RetriesScheduled?.Invoke(retryQueues);
        }
    }

    private static string Describe(Exception error)
    {
        // Type, message and stack: what an operator needs to act on a dead letter.
        var text = error.ToString();
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
