using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Tests.Documents;
using OmniBots.Platform.Events;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Indexing;

public sealed class GenerationSwitchTests(GatedEmbeddingsFixture fixture) : IClassFixture<GatedEmbeddingsFixture>
{
    [Fact]
    public async Task ChangingTheEmbeddingModel_KeepsTheOldGenerationSearchable_UntilEveryDocumentIsInTheNewOne()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync(new { name = "Switch" });
        var first = await client.UploadOneAsync(kb, "a.md", Encoding.UTF8.GetBytes("# A\n\nAlpha document."));
        var second = await client.UploadOneAsync(kb, "b.md", Encoding.UTF8.GetBytes("# B\n\nBeta document."));
        await client.WaitIndexedAsync(kb, first);
        await client.WaitIndexedAsync(kb, second);
        var before = await client.SearchableAsync(kb);
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await fixture.Host.Services.GetRequiredService<IEventBus>().SubscribeAsync(KnowledgeEvents.IndexChanged, (e, _) =>
        {
            if (!e.Reconnected && e.Payload == kb.ToString())
            {
                changed.TrySetResult(e.Payload);
            }
            return Task.CompletedTask;
        }, CancellationToken.None);
        fixture.Gate.Close();
        var entered = fixture.Gate.Waiting;

        var response = await Api.JsonAsync(await client.Http.PutAsJsonAsync(Api.Url($"/api/v1/knowledge-bases/{kb}"),
            new { name = "Switch", embeddingModel = "offline-embeddings", searchMode = "hybrid" }), HttpStatusCode.OK);
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Gate.Waiting >= entered + 2), TimeSpan.FromSeconds(30), "both re-index jobs wait for embeddings");
        var during = await client.SearchableAsync(kb);

        Assert.Equal(2, response.GetProperty("indexing").GetProperty("buildingGeneration").GetInt32());
        Assert.Equal(before.Generation, during.Generation);
        Assert.Equal(before.Chunks.Select(c => c.ChunkId).Order(), during.Chunks.Select(c => c.ChunkId).Order());
        Assert.All(during.Chunks, c => Assert.Null(c.Vector));
        Assert.Null(during.EmbeddingModel);

        fixture.Gate.Open();
        await Eventually.TrueAsync(async () => (await client.SearchableAsync(kb)).Generation == 2, TimeSpan.FromSeconds(30), "the new generation goes live");
        var after = await client.SearchableAsync(kb);

        Assert.Equal("offline-embeddings", after.EmbeddingModel);
        Assert.Equal(2, after.Chunks.Count);
        Assert.All(after.Chunks, c => Assert.Equal(1.0, Math.Sqrt(c.Vector!.Value.ToArray().Sum(x => (double)x * x)), 3));
        Assert.Equal(kb.ToString(), await changed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.chunks WHERE knowledge_base_id = @kb AND generation = 1", ("kb", kb)));
        var view = await Api.JsonAsync(await client.Http.GetAsync(Api.Url($"/api/v1/knowledge-bases/{kb}")), HttpStatusCode.OK);
        Assert.Equal(JsonValueKindNull, view.GetProperty("indexing").GetProperty("buildingGeneration").ValueKind);
    }

    [Fact]
    public async Task ChangingOnlyTopK_DoesNotReindex()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync(new { name = "Same" });

        var response = await Api.JsonAsync(await client.Http.PutAsJsonAsync(Api.Url($"/api/v1/knowledge-bases/{kb}"), new { name = "Same", topK = 3 }), HttpStatusCode.OK);

        Assert.Equal(1, response.GetProperty("indexing").GetProperty("liveGeneration").GetInt32());
        Assert.Equal(JsonValueKindNull, response.GetProperty("indexing").GetProperty("buildingGeneration").ValueKind);
    }

    [Fact]
    public async Task ChangingTheChunking_OfAnEmptyKnowledgeBase_SwitchesAtOnce()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync(new { name = "Empty" });

        var response = await Api.JsonAsync(await client.Http.PutAsJsonAsync(Api.Url($"/api/v1/knowledge-bases/{kb}"), new { name = "Empty", chunkSize = 200 }), HttpStatusCode.OK);

        Assert.Equal(2, response.GetProperty("indexing").GetProperty("liveGeneration").GetInt32());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
