using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Retrieval;
using OmniBots.Knowledge.Retrieval.Analysis;
using OmniBots.Knowledge.Retrieval.Lexical;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using OmniBots.Testing.Identity;

namespace OmniBots.Bench.Knowledge;

/// <summary>
/// Quality and ingestion through the real pipeline: the host in process on a private PostgreSQL (as the tests
/// start it), one tenant and knowledge base, each article uploaded over HTTP as a Markdown file (20 per request),
/// indexed by the real jobs; then every dev question through POST …/search in lexical mode (topK 50, articles
/// ranked by their best chunk). The plain-BM25 baseline runs the same questions on the same stored chunks with
/// the analyzer features off (no stemming/folding, one field, no typos/phrases, no document evidence).
/// </summary>
internal static class PipelineQuality
{
    public static async Task RunAsync()
    {
        var corpus = EvalSet.Corpus();
        var questions = EvalSet.Questions();
        // The factory looks for the host's folder next to a solution file; the build output is the content root.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OMNIBOTS_HOST", AppContext.BaseDirectory);
        var database = await TestCluster.CreateDatabaseAsync("bench_knowledge");
        await using var host = new OmniBotsHostFactory(database);
        await host.StartAsync();
        var tenant = await new IdentityTestData(host).CreateTenantAsync();
        var http = host.CreateClientForTenant(tenant.Id);
        http.DefaultRequestHeaders.Add("X-Test-Permissions", "knowledge.read,knowledge.write");
        http.Timeout = TimeSpan.FromMinutes(5);

        var created = await (await http.PostAsJsonAsync("/api/v1/knowledge-bases", new { name = "Help centre", searchMode = "lexical" })).Content.ReadFromJsonAsync<JsonElement>();
        var kb = created.GetProperty("id").GetGuid();
        var articleOfFile = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in corpus.Chunk(20))
        {
            using var form = new MultipartFormDataContent();
            foreach (var article in batch)
            {
                var file = article.Id.Replace('/', '_') + ".md";
                articleOfFile[file] = article.Id;
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes($"# {article.Title}\n\n{article.Text}")), "files", file);
            }
            (await http.PostAsync($"/api/v1/knowledge-bases/{kb}/documents", form)).EnsureSuccessStatusCode();
        }
        var (indexed, errors, seconds) = await WaitForIndexingAsync(database, corpus.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ingestion: {indexed} indexed, {errors} errors; first job start → last document indexed {seconds:0.00} s = {indexed / seconds:0.0} documents/s (parse + chunk + store, no embedding model)"));

        // The first search builds the in-memory lexical index: the rest of "lexical indexing".
        var firstSearch = System.Diagnostics.Stopwatch.StartNew();
        await SearchAsync(http, kb, "warm up");
        firstSearch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"In-memory index build (first search): {firstSearch.Elapsed.TotalSeconds:0.00} s → end-to-end {indexed / (seconds + firstSearch.Elapsed.TotalSeconds):0.0} documents/s"));

        var fileOfDocument = await DocumentFilesAsync(database);
        double ndcg = 0, recall = 0;
        foreach (var question in questions)
        {
            var results = await SearchAsync(http, kb, question.Text);
            var ranked = RankingMetrics.Articles(results.Select(d => articleOfFile[fileOfDocument[d]]));
            ndcg += RankingMetrics.NdcgAt10(ranked, question.Relevant);
            recall += RankingMetrics.RecallAt10(ranked, question.Relevant);
        }
        Print("Ours (search API, lexical)", ndcg, recall, questions.Count);

        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant.Id);
        var set = await scope.ServiceProvider.GetRequiredService<IChunkStore>().ReadSearchableAsync(kb, CancellationToken.None);
        Console.WriteLine($"{set.Chunks.Count} chunks stored");
        var plain = KnowledgeIndex.Build(tenant.Id, set, new TextAnalyzer(AnalyzerOptions.Plain), Bm25Parameters.Plain, documentEvidenceWeight: 0);
        ndcg = recall = 0;
        foreach (var question in questions)
        {
            var hits = Retriever.Retrieve(plain, new RetrievalQuery(question.Text, SearchMode.Lexical, 50));
            var ranked = RankingMetrics.Articles(hits.Select(h => articleOfFile[fileOfDocument[h.Chunk.DocumentId]]));
            ndcg += RankingMetrics.NdcgAt10(ranked, question.Relevant);
            recall += RankingMetrics.RecallAt10(ranked, question.Relevant);
        }
        Print("Plain BM25 baseline (same chunks)", ndcg, recall, questions.Count);
    }

    private static void Print(string name, double ndcg, double recall, int count) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: nDCG@10 {ndcg / count:0.000}, Recall@10 {recall / count:0.000}"));

    private static async Task<List<Guid>> SearchAsync(HttpClient http, Guid kb, string query)
    {
        using var response = await http.PostAsJsonAsync($"/api/v1/knowledge-bases/{kb}/search", new { query, mode = "lexical", topK = 50, minScore = 0 });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("documentId").GetGuid()).ToList();
    }

    private static async Task<(int Indexed, int Errors, double Seconds)> WaitForIndexingAsync(TestDatabase database, int expected)
    {
        await using var connection = await database.OpenSuperuserAsync();
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FILTER (WHERE d.status = 'indexed'), count(*) FILTER (WHERE d.status = 'error'),
                       extract(epoch FROM max(d.indexed_at) - (SELECT min(started_at) FROM platform.jobs WHERE kind = 'knowledge.index'))::float8
                FROM knowledge.documents d
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (indexed, errors) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
            if (indexed + errors >= expected)
            {
                return (indexed, errors, reader.GetDouble(2));
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("The corpus was not indexed within 15 minutes.");
    }

    private static async Task<Dictionary<Guid, string>> DocumentFilesAsync(TestDatabase database)
    {
        await using var connection = await database.OpenSuperuserAsync();
        await using var command = new NpgsqlCommand("SELECT id, file_name FROM knowledge.documents", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var files = new Dictionary<Guid, string>();
        while (await reader.ReadAsync())
        {
            files[reader.GetGuid(0)] = reader.GetString(1);
        }
        return files;
    }
}
