using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Database;
using OmniBots.Platform.Events;
using OmniBots.Platform.Hosting;
using OmniBots.Platform.Jobs.Enqueue;
using OmniBots.Platform.Jobs.Metrics;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>
/// The worker role: one <see cref="QueueWorker"/> per configured queue, the completion writer and
/// the lease keeper. On stop it claims nothing more and lets running jobs finish until the host's
/// shutdown timeout, renewing their leases all along; then it cancels the rest, waits a bounded
/// grace for their handlers to end, writes what finished and gives back to the queue the jobs
/// whose handler ended without finishing.
/// </summary>
internal sealed class JobWorkerService(
    IOptions<HostingOptions> hosting,
    IOptions<JobsOptions> options,
    PlatformDatabase database,
    IEventBus events,
    JobStore store,
    JobExecutor executor,
    CompletionWriter completions,
    InFlightJobs inFlight,
    JobMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IDisposable
{
    // Bounds of the last steps, so shutdown cannot hang on an unreachable database.
    private static readonly TimeSpan LastWriteTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggers.CreateLogger<JobWorkerService>();
    private readonly CancellationTokenSource _stopTaking = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private readonly CancellationTokenSource _stopCompleting = new();
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly List<QueueWorker> _queues = [];
    private readonly List<Task> _claimLoops = [];
    private Task _completionLoop = Task.CompletedTask;
    private Task _leaseLoop = Task.CompletedTask;
    private IAsyncDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!hosting.Value.ParsedRoles.HasFlag(ProcessRoles.Worker))
        {
            return;
        }
        await database.Ready.WaitAsync(cancellationToken);
        var context = new WorkerContext(options.Value, hosting.Value.Instance, store, executor, completions, inFlight, metrics, time);
        foreach (var (queue, concurrency) in options.Value.EffectiveQueues())
        {
            _queues.Add(new QueueWorker(queue, concurrency, context, loggers.CreateLogger($"{typeof(QueueWorker).FullName}.{queue}")));
        }
        completions.RetriesScheduled = queues => WakeQueues(queues);
        _subscription = await events.SubscribeAsync(JobInserter.WakeChannel, OnWakeAsync, cancellationToken);
        _completionLoop = Task.Run(() => completions.RunAsync(_stopCompleting.Token), CancellationToken.None);
        foreach (var queue in _queues)
        {
            _claimLoops.Add(Task.Run(() => queue.RunAsync(_stopTaking.Token, _abortJobs.Token), CancellationToken.None));
        }
        var keeper = new LeaseKeeper(context, events, loggers.CreateLogger<LeaseKeeper>());
        _leaseLoop = Task.Run(() => keeper.RunAsync(_stopRenewing.Token), CancellationToken.None);
        _logger.LogInformation("Job worker {Instance} started: {Queues}", context.Instance,
            string.Join(", ", _queues.Select(q => q.Queue)));
    }

    private Task OnWakeAsync(BusEvent busEvent, CancellationToken ct)
    {
        // After a reconnect notifications may have been missed: look at every queue.
        WakeQueues(busEvent.Reconnected ? null : [busEvent.Payload]);
        return Task.CompletedTask;
    }

    private void WakeQueues(IEnumerable<string>? names)
    {
        foreach (var queue in _queues.Where(q => names is null || names.Contains(q.Queue)))
        {
            queue.Wake();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queues.Count == 0)
        {
            return;
        }
        // Each step on its own: one that fails must not skip giving the jobs back.
        await StepAsync("stop claiming", async () =>
        {
            await _stopTaking.CancelAsync();
            await IgnoreCancellationAsync(Task.WhenAll(_claimLoops));
        });
        await StepAsync("unsubscribe from wake-ups", async () =>
        {
            if (_subscription is not null)
            {
                await _subscription.DisposeAsync();
            }
        });
        await StepAsync("wait for running jobs", () => DrainAsync(cancellationToken));
        await StepAsync("write the last outcomes", async () =>
        {
            completions.Complete();
            _stopCompleting.CancelAfter(LastWriteTimeout);
            await IgnoreCancellationAsync(_completionLoop);
        });
        await StepAsync("stop renewing leases", async () =>
        {
            await _stopRenewing.CancelAsync();
            await IgnoreCancellationAsync(_leaseLoop);
        });
        await StepAsync("release unfinished jobs", ReleaseAsync);
    }

    private async Task StepAsync(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Stopping the job worker: could not {Step}; going on with the next step", step);
        }
    }

    private QueueWorker[] Queues => [.. _queues];

    private Task[] RunningHandlers() => [.. Queues.SelectMany(q => q.Running)];

    /// <summary>Lets running jobs finish until the host's shutdown timeout; then cancels them and
    /// waits at most <c>Jobs:AbortGraceSeconds</c> for their handlers to end.</summary>
    private async Task DrainAsync(CancellationToken shutdownTimeout)
    {
        var running = RunningHandlers();
        if (running.Length == 0)
        {
            return;
        }
        _logger.LogInformation("Waiting for {Count} running job(s) to finish", running.Length);
        await IgnoreCancellationAsync(Task.WhenAll(running).WaitAsync(shutdownTimeout));
        if (!shutdownTimeout.IsCancellationRequested)
        {
            return;
        }
        await _abortJobs.CancelAsync();
        running = RunningHandlers();
        if (running.Length == 0)
        {
            return;
        }
        var grace = TimeSpan.FromSeconds(options.Value.AbortGraceSeconds);
        _logger.LogWarning("Shutdown timeout reached: cancelled {Count} running job(s); waiting up to {Grace} for them to end", running.Length, grace);
        try
        {
            // The shutdown token has fired already: the grace is its own bound.
            await Task.WhenAll(running).WaitAsync(grace, time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("{Count} job handler(s) did not end within {Grace} of being cancelled: their jobs stay leased, and run again elsewhere once their leases expire",
                RunningHandlers().Length, grace);
        }
    }

    /// <summary>Gives back the jobs whose handler ended without an outcome written (cancelled, or
    /// the last write failed). Jobs whose handler still runs are left leased: released, they could
    /// run twice at once.</summary>
    private async Task ReleaseAsync()
    {
        var stillRunning = Queues.SelectMany(q => q.RunningIds).ToHashSet();
        var unfinished = inFlight.Snapshot().Where(j => !stillRunning.Contains(j.Id)).ToList();
        if (unfinished.Count == 0)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(ReleaseTimeout, time);
        try
        {
            await store.ReleaseAsync(unfinished, timeout.Token);
            _logger.LogWarning("Released {Count} unfinished job(s) back to their queues", unfinished.Count);
        }
        catch (Exception ex)
        {
            // Their leases expire and the reaper of another worker queues them again.
            _logger.LogWarning(ex, "Could not release {Count} unfinished job(s); they run again once their leases expire", unfinished.Count);
        }
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stopTaking.Dispose();
        _abortJobs.Dispose();
        _stopCompleting.Dispose();
        _stopRenewing.Dispose();
    }
}
