using System.Threading.Channels;
using Microsoft.Extensions.Logging;
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

    public void Add(JobOutcome outcome)
    {
        if (!_outcomes.Writer.TryWrite(outcome))
        {
            // Only once shutdown has written the last batch: the job stays leased, its lease
            // expires and it runs again elsewhere (the attempt counts).
            logger.LogWarning("Job {JobId} ({Kind}) ended after the worker wrote its last outcomes; its outcome is dropped and the job runs again once its lease expires",
                outcome.Job.Id, outcome.Job.Kind);
        }
    }

    /// <summary>Stops accepting outcomes; <see cref="RunAsync"/> ends after writing what it has.</summary>
    public void Complete() => _outcomes.Writer.TryComplete();

    /// <param name="abandon">Cancelled when shutdown stops waiting for the last write.</param>
    public async Task RunAsync(CancellationToken abandon)
    {
        var batch = new List<JobOutcome>(MaxBatch);
        var failures = 0;
        // A batch that could not be written is tried again before waiting for more outcomes.
        while (batch.Count > 0 || await _outcomes.Reader.WaitToReadAsync(abandon))
        {
            while (batch.Count < MaxBatch && _outcomes.Reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
            }
            var (succeeded, failed) = Sort(batch);
            try
            {
                await store.CompleteAsync(succeeded, failed, abandon);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !abandon.IsCancellationRequested)
            {
                // Whatever went wrong, keep the batch and try again: the leases are still renewed
                // meanwhile, and a writer that stopped would leave every later job running forever.
                failures++;
                var delay = Backoff.Delay(failures, FirstBackoff, MaxBackoff);
                logger.LogWarning(ex, "Could not write {Count} job outcome(s); retrying in {Delay} ms", batch.Count, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, time, abandon);
                continue;
            }
            failures = 0;
            batch.Clear();
            foreach (var outcome in succeeded)
            {
                inFlight.Remove(outcome.Job);
            }
            foreach (var run in failed)
            {
                inFlight.Remove(run.Job);
            }
            try
            {
                Report(succeeded, failed);
            }
            catch (Exception ex)
            {
                // The outcomes are written; what failed is telling about them.
                logger.LogError(ex, "Reporting {Count} written job outcome(s) failed", succeeded.Count + failed.Count);
            }
        }
    }

    private (List<JobOutcome> Succeeded, List<FailedRun> Failed) Sort(List<JobOutcome> batch)
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
        return (succeeded, failed);
    }

    private void Report(List<JobOutcome> succeeded, List<FailedRun> failed)
    {
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

    // Type, message and stack: what an operator needs to act on a dead letter. Never throws (a
    // handler's exception may fail to describe itself), and drops NUL characters, which
    // PostgreSQL text refuses: either would make the batch unwritable forever.
    private static string Describe(Exception error)
    {
        string text;
        try
        {
            text = error.ToString();
        }
        catch (Exception ex)
        {
            text = $"{error.GetType().FullName} (its description failed: {ex.GetType().FullName})";
        }
        text = text.Replace("\0", "", StringComparison.Ordinal);
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
