using System.Diagnostics;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Bench.Jobs;

/// <summary>Counts runs and tells the latency probe when its job started.</summary>
internal sealed class BenchProbe
{
    private int _runs;
    private TaskCompletionSource<long>? _next;

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Completes with the Stopwatch timestamp at which the next job started.</summary>
    public Task<long> NextStartAsync()
    {
        var next = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _next, next);
        return next.Task;
    }

    public void Started()
    {
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _runs);
        Interlocked.Exchange(ref _next, null)?.TrySetResult(at);
    }
}

/// <summary>No work at all: what is measured is the queue.</summary>
internal sealed class NoopHandler(BenchProbe probe) : IJobHandler
{
    public const string Kind = "bench.noop";

    public Task HandleAsync(JobContext job, CancellationToken ct)
    {
        probe.Started();
        return Task.CompletedTask;
    }
}
