using System.Text.Json;

namespace OmniBots.Bench.Knowledge;

internal sealed record Article(string Id, string Title, string Text);

internal sealed record Question(string Id, string Text, IReadOnlyList<string> Relevant);

/// <summary>The help-centre evaluation set (/work/shared/eval/kb): corpus.jsonl and dev.jsonl.</summary>
internal static class EvalSet
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Folder { get; set; } = "/work/shared/eval/kb";

    public static List<Article> Corpus() => Read<Article>("corpus.jsonl");

    public static List<Question> Questions(string file = "dev.jsonl") => Read<Question>(file);

    private static List<T> Read<T>(string file) =>
        File.ReadLines(Path.Combine(Folder, file))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<T>(line, Json)!)
            .ToList();
}

/// <summary>nDCG@10 with binary gains over the judged articles, and Recall@10, as the eval set's README defines them.</summary>
internal static class RankingMetrics
{
    public static double NdcgAt10(IReadOnlyList<string> ranked, IReadOnlyList<string> relevant)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(10, ranked.Count); i++)
        {
            dcg += relevant.Contains(ranked[i]) ? 1 / Math.Log2(i + 2) : 0;
        }
        var ideal = 0.0;
        for (var i = 0; i < Math.Min(10, relevant.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double RecallAt10(IReadOnlyList<string> ranked, IReadOnlyList<string> relevant) =>
        relevant.Count == 0 ? 0 : (double)ranked.Take(10).Count(relevant.Contains) / relevant.Count;

    /// <summary>Article ids in order of their best chunk, duplicates dropped.</summary>
    public static List<string> Articles(IEnumerable<string> chunkArticles) => chunkArticles.Distinct(StringComparer.Ordinal).ToList();
}
