using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Answers;
using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Retrieval;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Search;

/// <summary>Search and answer through HTTP on documents uploaded and indexed by the real jobs.</summary>
public sealed class KnowledgeSearchApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Refunds = "# Refunds\n\nWe refund unused credit within 14 days of a cancelled subscription. Send the request from the billing page.\n";
    private const string Volumes = "# Volumes\n\n## Snapshots\n\nVolume snapshots are taken daily and kept for five days. Restore a snapshot by creating a new volume from it.\n";
    private const string Tokens = "# Access tokens\n\nCreate a deploy token for CI with the tokens command. Revoke a leaked token at once.\n";

    private async Task<(SearchTestClient Client, Guid Kb)> SetUpAsync(object? settings = null)
    {
        var client = await SearchTestClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync(settings ?? new { name = "Help", key = "help-" + Guid.NewGuid().ToString("N")[..8] });
        await client.UploadAndWaitAsync(kb, ("refunds.md", Refunds), ("volumes.md", Volumes), ("tokens.md", Tokens));
        return (client, kb);
    }

    [Fact]
    public async Task Search_returns_ranked_chunks_with_scores_and_citation_data()
    {
        var (client, kb) = await SetUpAsync();

        var result = await client.SearchAsync(kb, new { query = "how do I restore a snapshot of my volume", mode = "lexical", topK = 3 });

        var results = result.GetProperty("results");
        var top = results[0];
        Assert.Equal("lexical", result.GetProperty("mode").GetString());
        Assert.Equal("Volumes", top.GetProperty("documentTitle").GetString());
        Assert.Equal(["Volumes", "Snapshots"], top.GetProperty("headingPath").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("[1]", top.GetProperty("citation").GetString());
        Assert.Contains("Restore a snapshot", top.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.InRange(top.GetProperty("score").GetDouble(), 0.01, 1);
        var scores = results.EnumerateArray().Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task Search_with_a_typo_and_an_inflection_still_finds_the_article()
    {
        var (client, kb) = await SetUpAsync();

        var result = await client.SearchAsync(kb, new { query = "refnd cancelled subscriptions", mode = "lexical" });

        Assert.Equal("Refunds", result.GetProperty("results")[0].GetProperty("documentTitle").GetString());
    }

    [Fact]
    public async Task Hybrid_search_fuses_lexical_and_vector_results_when_the_knowledge_base_has_embeddings()
    {
        var (client, kb) = await SetUpAsync(new { name = "Embedded", embeddingModel = "offline-embeddings", searchMode = "hybrid" });

        var result = await client.SearchAsync(kb, new { query = "revoke a leaked deploy token" });

        Assert.Equal("hybrid", result.GetProperty("mode").GetString());
        var top = result.GetProperty("results")[0];
        Assert.Equal("Access tokens", top.GetProperty("documentTitle").GetString());
        Assert.True(top.GetProperty("fusionScore").GetDouble() > 0);
        Assert.True(top.GetProperty("vectorScore").GetDouble() > 0);
    }

    [Fact]
    public async Task Invalid_requests_name_the_field()
    {
        var (client, kb) = await SetUpAsync();

        var empty = await Api.ProblemAsync(await client.PostAsync($"/api/v1/knowledge-bases/{kb}/search", new { query = " " }), HttpStatusCode.BadRequest);
        var mode = await Api.ProblemAsync(await client.PostAsync($"/api/v1/knowledge-bases/{kb}/search", new { query = "x", mode = "fuzzy" }), HttpStatusCode.BadRequest);
        var vector = await Api.ProblemAsync(await client.PostAsync($"/api/v1/knowledge-bases/{kb}/search", new { query = "x", mode = "vector" }), HttpStatusCode.BadRequest);
        var minScore = await Api.ProblemAsync(await client.PostAsync($"/api/v1/knowledge-bases/{kb}/answer", new { question = "x", minScore = 2 }), HttpStatusCode.BadRequest);

        Assert.True(empty.GetProperty("errors").TryGetProperty("query", out _));
        Assert.True(mode.GetProperty("errors").TryGetProperty("mode", out _));
        Assert.True(vector.GetProperty("errors").TryGetProperty("mode", out _));
        Assert.True(minScore.GetProperty("errors").TryGetProperty("minScore", out _));
    }

    [Fact]
    public async Task Answer_quotes_the_passages_with_citations_using_the_offline_provider()
    {
        var (client, kb) = await SetUpAsync();

        var answer = await client.AnswerAsync(kb, new { question = "How long are volume snapshots kept?" });

        Assert.True(answer.GetProperty("answered").GetBoolean());
        Assert.Contains("kept for five days", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var citation = answer.GetProperty("citations")[0];
        Assert.Equal("Volumes", citation.GetProperty("documentTitle").GetString());
        Assert.Equal("[1]", citation.GetProperty("citation").GetString());
    }

    [Fact]
    public async Task Answer_says_it_does_not_know_without_asking_a_model_when_nothing_reaches_the_minimum_score()
    {
        var (client, kb) = await SetUpAsync();

        var answer = await client.AnswerAsync(kb, new { question = "What is the weather in Paris tomorrow?", minScore = 0.3 });

        Assert.False(answer.GetProperty("answered").GetBoolean());
        Assert.Equal(GroundedAnswer.NotKnown, answer.GetProperty("answer").GetString());
        Assert.Empty(answer.GetProperty("citations").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("model").ValueKind);
    }

    [Fact]
    public async Task A_dynamic_knowledge_base_is_searched_and_answered_by_its_key()
    {
        var client = await SearchTestClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync(new { name = "Page help", key = "checkout-page" });
        await client.UploadAndWaitAsync(kb, ("refunds.md", Refunds));

        var search = await Api.JsonAsync(await client.PostAsync("/api/v1/knowledge-bases/by-key/checkout-page/search", new { query = "refund" }), HttpStatusCode.OK);
        var answer = await Api.JsonAsync(await client.PostAsync("/api/v1/knowledge-bases/by-key/checkout-page/answer", new { question = "when do you refund credit?" }), HttpStatusCode.OK);
        var unknown = await client.PostAsync("/api/v1/knowledge-bases/by-key/no-such-page/search", new { query = "refund" });

        Assert.Equal(kb, search.GetProperty("knowledgeBaseId").GetGuid());
        Assert.Equal("Refunds", answer.GetProperty("citations")[0].GetProperty("documentTitle").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Another_tenant_cannot_search_the_knowledge_base_and_the_cache_never_serves_it_chunks_of_another()
    {
        var (a, kb) = await SetUpAsync();
        await a.SearchAsync(kb, new { query = "refund" }); // A's index is now cached
        var b = await SearchTestClient.ForNewTenantAsync(fixture.Host);

        var search = await b.PostAsync($"/api/v1/knowledge-bases/{kb}/search", new { query = "refund" });
        var answer = await b.PostAsync($"/api/v1/knowledge-bases/{kb}/answer", new { question = "refund" });

        Assert.Equal(HttpStatusCode.NotFound, search.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        // Asked directly for A's knowledge base in B's scope, the cache loads with B's rights: nothing.
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(b.TenantId);
        var store = scope.ServiceProvider.GetRequiredService<IChunkStore>();
        var cache = fixture.Host.Services.GetRequiredService<KnowledgeIndexCache>();
        var index = await cache.GetAsync(b.TenantId, kb, ct => store.ReadSearchableAsync(kb, ct), CancellationToken.None);
        Assert.Empty(index.Chunks);
    }

    [Fact]
    public async Task A_newly_indexed_document_is_searchable_because_IndexChanged_invalidates_the_cache()
    {
        var (client, kb) = await SetUpAsync();
        var before = await client.SearchAsync(kb, new { query = "certificate renewal", mode = "lexical" });
        Assert.Empty(before.GetProperty("results").EnumerateArray());

        await client.UploadAndWaitAsync(kb, ("certs.md", "# Certificates\n\nCertificate renewal happens automatically 30 days before expiry.\n"));

        await Eventually.TrueAsync(async () =>
        {
            var after = await client.SearchAsync(kb, new { query = "certificate renewal", mode = "lexical" });
            return after.GetProperty("results").GetArrayLength() > 0
                && after.GetProperty("results")[0].GetProperty("documentTitle").GetString() == "Certificates";
        }, TimeSpan.FromSeconds(10), "the new document is found");
    }

    [Fact]
    public async Task Search_needs_the_knowledge_read_permission()
    {
        var (_, kb) = await SetUpAsync();
        var reader = await SearchTestClient.ForNewTenantAsync(fixture.Host, permissions: "bots.read");

        var response = await reader.PostAsync($"/api/v1/knowledge-bases/{kb}/search", new { query = "refund" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
