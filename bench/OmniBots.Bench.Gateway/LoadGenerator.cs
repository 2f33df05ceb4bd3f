using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace OmniBots.Bench.Gateway;

/// <summary>One target of the load: a URL, its bearer key, and whether it streams (the whole stream is read).</summary>
internal sealed record Target(string Name, Uri Url, string ApiKey, bool Stream)
{
    /// <summary>GET instead of POST (no body): for the host's own baselines.</summary>
    public bool Get { get; init; }
}

/// <summary>
/// The same generator for every target: open loop at a fixed rate (requests start on schedule whether or not
/// earlier ones finished, so slow answers cannot hide queueing), or closed loop with N workers for the peak rate.
/// Latency is from the scheduled start to the last byte of the body.
/// </summary>
internal sealed class LoadGenerator(HttpClient http)
{
    private static readonly string Body = """{"model":"bench-model","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello to the benchmark."}]}""";
    private static readonly string StreamBody = Body.TrimEnd('}') + ""","stream":true}""";

    public async Task<RunResult> FixedRateAsync(Target target, int perSecond, TimeSpan duration, CancellationToken ct)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var failures = 0;
        var interval = Stopwatch.Frequency / (double)perSecond;
        var start = Stopwatch.GetTimestamp();
        var tasks = new Task[total];
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                if (!await SendAsync(target, ct))
                {
                    Interlocked.Increment(ref failures);
                }
                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            }, ct);
        }
        await Task.WhenAll(tasks);
        return new RunResult(target.Name, latencies, Stopwatch.GetElapsedTime(start), failures);
    }

    public async Task<RunResult> ClosedLoopAsync(Target target, int workers, TimeSpan duration, CancellationToken ct)
    {
        var latencies = new List<double>[workers];
        var failures = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < end)
            {
                var began = Stopwatch.GetTimestamp();
                if (!await SendAsync(target, ct))
                {
                    Interlocked.Increment(ref failures);
                }
                mine.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }
        }, ct)));
        return new RunResult(target.Name, latencies.SelectMany(l => l).ToArray(), Stopwatch.GetElapsedTime(start), failures);
    }

    private async Task<bool> SendAsync(Target target, CancellationToken ct)
    {
        using var request = target.Get
            ? new HttpRequestMessage(HttpMethod.Get, target.Url)
            : new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(target.Stream ? StreamBody : Body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await body.CopyToAsync(Stream.Null, ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

internal sealed record RunResult(string Name, double[] Latencies, TimeSpan Wall, int Failures)
{
    public double Rate => Latencies.Length / Wall.TotalSeconds;

    public double Percentile(double q)
    {
        var sorted = Latencies.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(q * sorted.Length) - 1)];
    }
}
