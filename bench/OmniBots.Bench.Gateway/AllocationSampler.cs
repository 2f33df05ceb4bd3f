using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace OmniBots.Bench.Gateway;

/// <summary>
/// Which types the process allocates, sampled in process from the runtime's GCAllocationTick events (one about every
/// 100 KB allocated, naming the type that crossed the mark), for finding the allocations of the hot path without an
/// external profiler. Used by <c>--profile</c> with <c>BENCH_ALLOC_TYPES=1</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }
        var names = eventData.PayloadNames!;
        var type = eventData.Payload[names.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[names.IndexOf("AllocationAmount")], CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    public void Print(long requests, int top = 40)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ALLOCATIONS sampled {total / (double)requests:N0} bytes/request; by type:"));
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)requests,8:N0} B/req {100.0 * bytes / total,5:0.0}%  {type}"));
        }
    }
}
