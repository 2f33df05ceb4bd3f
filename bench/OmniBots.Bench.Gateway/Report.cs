using System.Diagnostics;
using System.Globalization;

namespace OmniBots.Bench.Gateway;

internal static class Report
{
    /// <summary>Both runs' figures and what the gateway added (percentile differences, throughput ratio).</summary>
    public static void Compare(string scenario, RunResult direct, RunResult gateway)
    {
        Console.WriteLine($"-- {scenario}");
        Print(direct);
        Print(gateway);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   added: p50 {gateway.Percentile(0.50) - direct.Percentile(0.50):+0.000;-0.000} ms, p99 {gateway.Percentile(0.99) - direct.Percentile(0.99):+0.000;-0.000} ms; " +
            $"throughput gateway/direct {gateway.Rate / direct.Rate:P1}"));
    }

    private static void Print(RunResult run) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"   {run.Name,-8} {run.Latencies.Length,8:N0} requests in {run.Wall.TotalSeconds:0.0} s = {run.Rate,7:N0}/s; " +
        $"p50 {run.Percentile(0.50):0.000} ms, p99 {run.Percentile(0.99):0.000} ms, max {run.Percentile(1):0.0} ms; failures {run.Failures}"));

    /// <summary>Fixed-rate load in 30-second slices; after each, the managed heap after a full collection and the working set.</summary>
    public static async Task SoakAsync(LoadGenerator generator, Target target, int rate, TimeSpan duration)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- memory over {duration.TotalMinutes:0.#} min at {rate} req/s through the gateway"));
        var slice = TimeSpan.FromSeconds(30);
        var process = Process.GetCurrentProcess();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += slice)
        {
            var run = await generator.FixedRateAsync(target, rate, slice, CancellationToken.None);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   t={elapsed + slice:mm\\:ss} heap {GC.GetTotalMemory(false) / 1048576.0:0.0} MiB, working set {process.WorkingSet64 / 1048576.0:0.0} MiB; " +
                $"{run.Rate:N0}/s, p50 {run.Percentile(0.5):0.000} ms, p99 {run.Percentile(0.99):0.000} ms, failures {run.Failures}"));
        }
    }
}
