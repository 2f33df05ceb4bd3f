using Microsoft.Extensions.Logging;
using OmniBots.Platform.Events;
using OmniBots.Platform.Jobs.Enqueue;
using OmniBots.Platform.Jobs.Metrics;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>
/// Every third of the lease: renews the leases of this process's jobs, and returns jobs whose
/// lease expired anywhere (a worker that died) to their queue. Every worker process reaps; the
/// reap query skips rows another reaper holds, so they do not collide.
/// </summary>
internal sealed class LeaseKeeper(WorkerContext context, IEventBus events, ILogger logger)
{
    /// <param name="stop">Cancelled by shutdown only after running jobs finished or were given up,
    /// so a job that drains longer than a lease is not taken for dead by another worker.</param>
    public async Task RunAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(200, context.Options.Lease.TotalMilliseconds / 3));
        using var timer = new PeriodicTimer(interval, context.Time);
        while (await timer.WaitForNextTickAsync(stop))
        {
            // Each step on its own: a failing reap must not stop the renewals, nor the reverse.
            // Whatever the failure, the next tick tries again: a keeper that stopped would let
            // this process's jobs be reaped while they run.
            await TryAsync(RenewAsync, "Renewing job leases", interval, stop);
            await TryAsync(ReapAsync, "Reaping expired job leases", interval, stop);
        }
    }

    private async Task TryAsync(Func<CancellationToken, Task> step, string what, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            await step(stop);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{What} failed; trying again in {Interval} ms", what, (int)interval.TotalMilliseconds);
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        var jobs = context.InFlight.Snapshot();
        if (jobs.Count > 0)
        {
            await context.Store.HeartbeatAsync(jobs, context.Options.Lease, ct);
        }
    }

    private async Task ReapAsync(CancellationToken ct)
    {
        var reaped = await context.Store.ReapAsync(ct);
        foreach (var job in reaped)
        {
            logger.LogWarning("Job {JobId} ({Kind}) lost its worker (lease expired): now {State}", job.Id, job.Kind, job.State);
            if (job.State == Contracts.JobStates.Dead)
            {
                context.Metrics.Dead(job.Queue, job.Kind);
            }
        }
        foreach (var queue in reaped.Where(j => j.State == Contracts.JobStates.Queued).Select(j => j.Queue).Distinct())
        {
            await events.PublishAsync(JobInserter.WakeChannel, queue, ct);
        }
    }
}
