namespace OmniBots.Bench.Knowledge;

/// <summary>Entry point (a class, not top-level statements: the host's own <c>Program</c> must stay the only one).</summary>
internal static class KnowledgeBenchmark
{
    public static async Task Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : "help")
        {
            case "quality":
                await PipelineQuality.RunAsync();
                break;
            case "quality-inprocess":
                InProcessQuality.Run(args.Contains("--whole"));
                break;
            case "latency":
                LatencyBenchmark.Run(Argument(args, "--chunks", 100_000), Argument(args, "--queries", 500));
                break;
            default:
                Console.WriteLine("usage: OmniBots.Bench.Knowledge quality | quality-inprocess [--whole] | latency [--chunks 100000] [--queries 500]");
                break;
        }
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
