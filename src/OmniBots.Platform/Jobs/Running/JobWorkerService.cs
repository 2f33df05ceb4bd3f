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
/// the lease keeper. On stop it claims nothing more, lets running jobs finish until the host's
/// shutdown timeout, then cancels the rest and gives them back to the queue.
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
    private readonly ILogger _logger = loggers.CreateLogger<JobWorkerService>();
    private readonly CancellationTokenSource _stopTaking = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private readonly CancellationTokenSource _stopCompleting = new();
    private readonly List<QueueWorker> _queues = [];
    private readonly List<Task> _loops = [];
    private Task? _completionLoop;
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
            _loops.Add(Task.Run(() => queue.RunAsync(_stopTaking.Token, _abortJobs.Token), CancellationToken.None));
        }
        var keeper = new LeaseKeeper(context, events, loggers.CreateLogger<LeaseKeeper>());
        _loops.Add(Task.Run(() => keeper.RunAsync(_stopTaking.Token), CancellationToken.None));
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
        await _stopTaking.CancelAsync();
        await IgnoreCancellationAsync(Task.WhenAll(_loops));
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
        var running = _queues.SelectMany(q => q.Running).ToArray();
        if (running.Length > 0)
        {
            _logger.LogInformation("Waiting for {Count} running job(s) to finish", running.Length);
            await IgnoreCancellationAsync(Task.WhenAll(running).WaitAsync(cancellationToken));
            if (cancellationToken.IsCancellationRequested)
            {
                await _abortJobs.CancelAsync();
            }
        }
        // Write what finished, then give back what did not; both are bounded so shutdown cannot hang.
        completions.Complete();
        _stopCompleting.CancelAfter(TimeSpan.FromSeconds(5));
        await IgnoreCancellationAsync(_completionLoop ?? Task.CompletedTask);
        var unfinished = inFlight.Snapshot();
        if (unfinished.Count > 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await store.ReleaseAsync(unfinished, timeout.Token);
                _logger.LogWarning("Released {Count} unfinished job(s) back to their queues", unfinished.Count);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException)
            {
                // Their leases expire and the reaper of another worker queues them again.
                _logger.LogWarning(ex, "Could not release {Count} unfinished job(s)", unfinished.Count);
            }
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
    }
}
