using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OmniBots.Platform.Jobs.Metrics;
using OmniBots.Platform.Resilience;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>
/// Takes jobs of one queue while it has free slots: claims a batch, starts each job on the thread
/// pool, claims again while the queue keeps giving full batches. Otherwise it sleeps until woken
/// (a NOTIFY on enqueue, a slot freed, a retry scheduled) or until the next job falls due, at most
/// the fallback poll interval.
/// </summary>
internal sealed class QueueWorker(
    string queue,
    int concurrency,
    WorkerContext context,
    ILogger logger)
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, Task> _running = new();

    public string Queue => queue;

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Handler tasks still running (for graceful shutdown).</summary>
    public ICollection<Task> Running => _running.Values;

    /// <summary>Ids of the jobs whose handler still runs.</summary>
    public ICollection<long> RunningIds => _running.Keys;

    /// <param name="stopTaking">Cancelled when the host stops: no new jobs are claimed.</param>
    /// <param name="jobsAborted">Passed to handlers; cancelled when the shutdown time runs out.</param>
    public async Task RunAsync(CancellationToken stopTaking, CancellationToken jobsAborted)
    {
        var options = context.Options;
        var pollInterval = TimeSpan.FromSeconds(options.PollIntervalSeconds);
        var failures = 0;
        while (!stopTaking.IsCancellationRequested)
        {
            var sleep = pollInterval;
            var free = concurrency - _running.Count;
            if (free > 0)
            {
                try
                {
                    var limit = Math.Min(free, options.BatchSize);
                    // Not cancellable: a claim cut short after commit would strand its jobs until their leases expire.
                    var jobs = await context.Store.ClaimAsync(queue, limit, context.Instance, options.Lease, CancellationToken.None);
                    failures = 0;
                    foreach (var job in jobs)
                    {
                        Start(job, jobsAborted);
                    }
                    if (jobs.Count == limit)
                    {
                        continue;
                    }
                    sleep = await UntilNextDueAsync(pollInterval, stopTaking);
                }
                catch (OperationCanceledException) when (stopTaking.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Whatever went wrong, this queue keeps being served: a loop that stopped would
                    // leave its jobs waiting forever while the process looks healthy.
                    failures++;
                    sleep = Backoff.Delay(failures, TimeSpan.FromMilliseconds(200), pollInterval);
                    logger.LogWarning(ex, "Claiming jobs of queue {Queue} failed; trying again in {Delay} ms", queue, (int)sleep.TotalMilliseconds);
                }
            }
            await WaitAsync(sleep, stopTaking);
        }
    }

    private void Start(ClaimedJob job, CancellationToken jobsAborted)
    {
        context.InFlight.Add(job);
        context.Metrics.Started(queue, job.Kind, job.StartedAt - job.DueAt);
        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[job.Id] = run.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await context.Executor.ExecuteAsync(job, jobsAborted);
                context.Completions.Add(new JobOutcome(job, null));
            }
            catch (OperationCanceledException) when (jobsAborted.IsCancellationRequested)
            {
                // Shutdown ran out of time: the job stays in flight and is released.
            }
            catch (Exception ex)
            {
                context.Completions.Add(new JobOutcome(job, ex));
            }
            finally
            {
                _running.TryRemove(job.Id, out _);
                run.SetResult();
                Wake();
            }
        }, CancellationToken.None);
    }

    private async Task<TimeSpan> UntilNextDueAsync(TimeSpan pollInterval, CancellationToken ct)
    {
        // Measured by the database's clock, which decides when the job is claimable.
        if (await context.Store.UntilNextDueAsync(queue, ct) is not { } untilDue)
        {
            return pollInterval;
        }
        return untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < pollInterval ? untilDue : pollInterval;
    }

    private async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero)
        {
            _wake.Reader.TryRead(out _);
            return;
        }
        using var timeUp = new CancellationTokenSource(timeout, context.Time);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct, timeUp.Token);
        try
        {
            await _wake.Reader.WaitToReadAsync(timer.Token);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timer: time to look again.
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>What every queue worker of the process shares.</summary>
internal sealed record WorkerContext(
    JobsOptions Options,
    string Instance,
    JobStore Store,
    JobExecutor Executor,
    CompletionWriter Completions,
    InFlightJobs InFlight,
    JobMetrics Metrics,
    TimeProvider Time);
