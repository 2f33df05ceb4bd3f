using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Retrieval;
using OmniBots.Knowledge.Retrieval.Analysis;
using OmniBots.Knowledge.Retrieval.Lexical;

namespace OmniBots.Bench.Knowledge;

/// <summary>
/// Development harness: the corpus chunked in process by a simple heading-aware splitter (not the product
/// chunker) and searched with the retrieval core, to compare analyzer variants quickly. The reported figures
/// come from <see cref="PipelineQuality"/>, through the real upload pipeline.
/// </summary>
internal static partial class InProcessQuality
{
    public static void Run(bool wholeArticles)
    {
        var corpus = EvalSet.Corpus();
        var questions = EvalSet.Questions();
        var chunks = new List<IndexedChunk>();
        var articleOf = new Dictionary<Guid, string>();
        foreach (var article in corpus)
        {
            var documentId = Guid.NewGuid();
            articleOf[documentId] = article.Id;
            chunks.AddRange(wholeArticles ? [new IndexedChunk { ChunkId = Guid.NewGuid(), DocumentId = documentId, DocumentTitle = article.Title, Position = 0, Text = article.Text, TokenCount = article.Text.Length / 4 }] : Split(article, documentId));
        }
        Console.WriteLine($"{corpus.Count} articles, {chunks.Count} chunks");
        var variants = new (string Name, AnalyzerOptions Analyzer, Bm25Parameters Parameters)[]
        {
            ("plain BM25", AnalyzerOptions.Plain, Bm25Parameters.Plain),
            ("+ stemming", AnalyzerOptions.Full, Bm25Parameters.Plain),
            ("+ title field", AnalyzerOptions.Full, Bm25Parameters.Plain with { TitleWeight = Bm25Parameters.DefaultTitleWeight }),
            ("+ typos", AnalyzerOptions.Full, Bm25Parameters.Default with { PhraseBoost = false }),
            ("full (+ phrases)", AnalyzerOptions.Full, Bm25Parameters.Default),
        };
        foreach (var (name, analyzer, parameters) in variants)
        {
            var started = Stopwatch.GetTimestamp();
            var index = KnowledgeIndex.Build(Guid.Empty, new ChunkSet(Guid.Empty, 1, chunks), new TextAnalyzer(analyzer), parameters,
                float.Parse(Environment.GetEnvironmentVariable("DOCW") ?? "0.5", CultureInfo.InvariantCulture));
            var built = Stopwatch.GetElapsedTime(started);
            double ndcg = 0, recall = 0;
            foreach (var question in questions)
            {
                var hits = Retriever.Retrieve(index, new RetrievalQuery(question.Text, SearchMode.Lexical, int.Parse(Environment.GetEnvironmentVariable("TOPK") ?? "50", CultureInfo.InvariantCulture)));
                var ranked = RankingMetrics.Articles(hits.Select(h => articleOf[h.Chunk.DocumentId]));
                ndcg += RankingMetrics.NdcgAt10(ranked, question.Relevant);
                recall += RankingMetrics.RecallAt10(ranked, question.Relevant);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} nDCG@10 {ndcg / questions.Count:0.000}  Recall@10 {recall / questions.Count:0.000}  (index built in {built.TotalMilliseconds:0} ms)"));
        }
    }

    /// <summary>Sections at Markdown headings, long sections in ~250-word pieces.</summary>
    private static IEnumerable<IndexedChunk> Split(Article article, Guid documentId)
    {
        var position = 0;
        var heading = new List<string>();
        foreach (var section in Heading().Split(article.Text))
        {
            var lines = section.Split('\n');
            if (lines[0].StartsWith('#'))
            {
                heading = [lines[0].TrimStart('#').Trim()];
            }
            var words = section.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            for (var start = 0; start < words.Length; start += 250)
            {
                var text = string.Join(' ', words.Skip(start).Take(250));
                yield return new IndexedChunk
                {
                    ChunkId = Guid.NewGuid(), DocumentId = documentId, DocumentTitle = article.Title, HeadingPath = heading,
                    Position = position++, Text = text, TokenCount = text.Length / 4,
                };
            }
        }
    }

    [GeneratedRegex(@"(?m)^(?=#{1,3} )")]
    private static partial Regex Heading();
}
