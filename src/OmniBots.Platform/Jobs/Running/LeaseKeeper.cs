using Microsoft.Extensions.Logging;
using Npgsql;
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
    public async Task RunAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(200, context.Options.Lease.TotalMilliseconds / 3));
        using var timer = new PeriodicTimer(interval, context.Time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await RenewAsync(ct);
                await ReapAsync(ct);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(ex, "Renewing or reaping job leases failed; trying again in {Interval} ms", (int)interval.TotalMilliseconds);
            }
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
