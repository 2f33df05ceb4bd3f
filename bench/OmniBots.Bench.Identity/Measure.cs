using System.Diagnostics;
using System.Globalization;

namespace OmniBots.Bench.Identity;

/// <summary>Latency samples of one scenario, and the figures printed for it.</summary>
internal sealed class Samples(string name)
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await operation();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (_lock)
        {
            _milliseconds.Add(elapsed);
        }
        return result;
    }

    public double Percentile(double q)
    {
        lock (_lock)
        {
            var sorted = _milliseconds.Order().ToArray();
            return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(q * sorted.Length) - 1)];
        }
    }

    public void Print(TimeSpan wall, int concurrency)
    {
        var count = _milliseconds.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {count:N0} in {wall.TotalSeconds:0.00} s with {concurrency} concurrent clients = {count / wall.TotalSeconds:N0}/s; " +
            $"p50 {Percentile(0.50):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {Percentile(1):0.00} ms"));
    }

    /// <summary>Runs <paramref name="total"/> operations spread over <paramref name="concurrency"/> workers and prints the figures.</summary>
    public static async Task<Samples> RunAsync(string name, int total, int concurrency, Func<int, Samples, Task> operation)
    {
        var samples = new Samples(name);
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < total)
            {
                await operation(worker, samples);
            }
        })));
        wall.Stop();
        samples.Print(wall.Elapsed, concurrency);
        return samples;
    }
}
