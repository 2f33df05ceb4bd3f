using System.Diagnostics;
using System.Globalization;
using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Retrieval;

namespace OmniBots.Bench.Knowledge;

/// <summary>
/// Hybrid search latency over one knowledge base of synthesised chunks: ~80-word texts drawn from a Zipf-distributed
/// 30,000-word vocabulary and random 384-dimensional vectors. Measures the retrieval engine on a cached index
/// (BM25F chunk + document search, exact SIMD vector scan, fusion, dedup); not HTTP and not the query embedding.
/// </summary>
internal static class LatencyBenchmark
{
    private const int Dimensions = 384;
    private const int Vocabulary = 30_000;

    public static void Run(int chunkCount, int queries)
    {
        var random = new Random(42);
        var words = Enumerable.Range(0, Vocabulary).Select(i => Word(i)).ToArray();
        // Zipf: cumulative weights 1/rank.
        var cumulative = new double[Vocabulary];
        var sum = 0.0;
        for (var i = 0; i < Vocabulary; i++)
        {
            cumulative[i] = sum += 1.0 / (i + 1);
        }
        string Draw()
        {
            var at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            return words[Math.Min(Vocabulary - 1, at < 0 ? ~at : at)];
        }
        float[] Vector() => Enumerable.Range(0, Dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var chunks = new List<IndexedChunk>(chunkCount);
        var documents = Enumerable.Range(0, Math.Max(1, chunkCount / 8)).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < chunkCount; i++)
        {
            var text = string.Join(' ', Enumerable.Range(0, 80).Select(_ => Draw()));
            chunks.Add(new IndexedChunk
            {
                ChunkId = Guid.NewGuid(), DocumentId = documents[i / 8], DocumentTitle = $"{Draw()} {Draw()} {Draw()}",
                Position = i % 8, Text = text, TokenCount = text.Length / 4, Vector = Vector(),
            });
        }
        var afterChunks = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var index = KnowledgeIndex.Build(Guid.NewGuid(), new ChunkSet(Guid.NewGuid(), 1, chunks));
        var built = Stopwatch.GetElapsedTime(started);
        var afterIndex = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{chunkCount:N0} chunks, {Dimensions} dims; index built in {built.TotalSeconds:0.0} s. Vector cache {index.Vectors!.EstimatedBytes() / 1048576.0:0.0} MiB " +
            $"({index.Vectors.EstimatedBytes() * 100_000.0 / chunkCount / 1048576.0:0.0} MiB per 100k chunks); lexical indexes {(index.Lexical.EstimatedBytes() + index.DocumentLexical.EstimatedBytes()) / 1048576.0:0.0} MiB (estimate); " +
            $"measured heap growth for the whole index {(afterIndex - afterChunks) / 1048576.0:0.0} MiB (chunk records themselves {(afterChunks - before) / 1048576.0:0.0} MiB)"));

        var workload = Enumerable.Range(0, queries)
            .Select(_ => new RetrievalQuery(string.Join(' ', Enumerable.Range(0, random.Next(3, 8)).Select(_ => Draw())), SearchMode.Hybrid, 10) { QueryVector = Vector() })
            .ToArray();
        Measure("warm-up", index, workload.Take(50).ToArray(), 1);
        Measure("hybrid, 1 client", index, workload, 1);
        Measure("hybrid, 8 concurrent clients", index, workload, 8);
        Measure("lexical only, 1 client", index, workload.Select(q => q with { Mode = SearchMode.Lexical }).ToArray(), 1);
        Measure("vector only, 1 client", index, workload.Select(q => q with { Mode = SearchMode.Vector }).ToArray(), 1);
    }

    private static void Measure(string name, KnowledgeIndex index, RetrievalQuery[] workload, int clients)
    {
        var samples = new double[workload.Length * clients];
        var wall = Stopwatch.StartNew();
        Parallel.For(0, clients, new ParallelOptions { MaxDegreeOfParallelism = clients }, client =>
        {
            for (var i = 0; i < workload.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                _ = Retriever.Retrieve(index, workload[(i + (client * 7)) % workload.Length]);
                samples[(client * workload.Length) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        wall.Stop();
        Array.Sort(samples);
        double P(double q) => samples[(int)Math.Min(samples.Length - 1, Math.Ceiling(q * samples.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {samples.Length:N0} searches, {samples.Length / wall.Elapsed.TotalSeconds:N0}/s; p50 {P(0.5):0.00} ms, p95 {P(0.95):0.00} ms, p99 {P(0.99):0.00} ms"));
    }

    /// <summary>Pronounceable pseudo-words, distinct per rank.</summary>
    private static string Word(int rank)
    {
        const string Consonants = "bcdfghklmnprstvz";
        const string Vowels = "aeiou";
        var chars = new List<char>();
        var n = rank + 1;
        do
        {
            chars.Add(Consonants[n % Consonants.Length]);
            n /= Consonants.Length;
            chars.Add(Vowels[n % Vowels.Length]);
            n /= Vowels.Length;
        }
        while (n > 0);
        return new string([.. chars]);
    }
}
