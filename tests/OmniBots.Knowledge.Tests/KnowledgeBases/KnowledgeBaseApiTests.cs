using System.Net;
using System.Net.Http.Json;
using OmniBots.Knowledge.Tests.Documents;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.KnowledgeBases;

public sealed class KnowledgeBaseApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Base = "/api/v1/knowledge-bases";

    [Fact]
    public async Task Create_WithoutSettings_IsLexicalWithDefaults_AndCanBeReadListedAndFoundByKey()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);

        var created = await Api.JsonAsync(await client.CreateAsync(new { name = "Support", description = "Help centre", key = "support" }), HttpStatusCode.Created);

        Assert.Null(created.GetProperty("embeddingModel").GetString());
        Assert.Equal("lexical", created.GetProperty("searchMode").GetString());
        Assert.Equal(400, created.GetProperty("chunkSize").GetInt32());
        Assert.Equal(50, created.GetProperty("chunkOverlap").GetInt32());
        Assert.Equal(5, created.GetProperty("topK").GetInt32());
        var id = created.GetProperty("id").GetGuid();
        var read = await Api.JsonAsync(await client.Http.GetAsync(Api.Url($"{Base}/{id}")), HttpStatusCode.OK);
        Assert.Equal("Support", read.GetProperty("name").GetString());
        var byKey = await Api.JsonAsync(await client.Http.GetAsync(Api.Url($"{Base}/by-key/support")), HttpStatusCode.OK);
        Assert.Equal(id, byKey.GetProperty("id").GetGuid());
        var list = await Api.JsonAsync(await client.Http.GetAsync(Api.Url(Base)), HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), kb => kb.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Create_WithAnEmbeddingModel_DefaultsToHybrid()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);

        var created = await Api.JsonAsync(await client.CreateAsync(new { name = "Vectors", embeddingModel = "offline-embeddings" }), HttpStatusCode.Created);

        Assert.Equal("offline-embeddings", created.GetProperty("embeddingModel").GetString());
        Assert.Equal("hybrid", created.GetProperty("searchMode").GetString());
    }

    [Fact]
    public async Task Create_WithBadSettings_ReturnsAProblemNamingEachField()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);

        var problem = await Api.ProblemAsync(await client.CreateAsync(new
        {
            name = "",
            key = "Not A Key",
            embeddingModel = "no-such-model",
            chunkSize = 10,
            chunkOverlap = -1,
            topK = 7,
            minScore = 1.5,
        }), HttpStatusCode.BadRequest);

        Assert.Equal(["chunkOverlap", "chunkSize", "embeddingModel", "key", "minScore", "name", "topK"], Api.ErrorFields(problem).Order());
    }

    [Fact]
    public async Task Create_VectorModeWithoutAnEmbeddingModel_IsRefused()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);

        var problem = await Api.ProblemAsync(await client.CreateAsync(new { name = "V", searchMode = "vector" }), HttpStatusCode.BadRequest);

        Assert.Equal(["searchMode"], Api.ErrorFields(problem));
    }

    [Fact]
    public async Task Keys_AreUniquePerTenant_ButTwoTenantsMayShareOne()
    {
        var a = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var b = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        await a.CreateKnowledgeBaseAsync(new { name = "One", key = "faq" });

        var second = await Api.ProblemAsync(await a.CreateAsync(new { name = "Two", key = "faq" }), HttpStatusCode.BadRequest);
        await b.CreateKnowledgeBaseAsync(new { name = "Other tenant", key = "faq" });

        Assert.Equal(["key"], Api.ErrorFields(second));
    }

    [Fact]
    public async Task Replace_ChangesTheSettings_AndDeleteRemovesTheKnowledgeBase()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var id = await client.CreateKnowledgeBaseAsync(new { name = "Before" });

        var replaced = await Api.JsonAsync(await client.Http.PutAsJsonAsync(Api.Url($"{Base}/{id}"), new { name = "After", topK = 10, minScore = 0.3 }), HttpStatusCode.OK);
        var deleted = await client.Http.DeleteAsync(Api.Url($"{Base}/{id}"));
        var after = await client.Http.GetAsync(Api.Url($"{Base}/{id}"));

        Assert.Equal("After", replaced.GetProperty("name").GetString());
        Assert.Equal(10, replaced.GetProperty("topK").GetInt32());
        Assert.Equal(0.3, replaced.GetProperty("minScore").GetDouble(), 3);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task AnotherTenant_CannotSeeChangeOrDeleteAKnowledgeBase()
    {
        var a = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var b = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var id = await a.CreateKnowledgeBaseAsync(new { name = "Private", key = "private" });

        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync(Api.Url($"{Base}/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync(Api.Url($"{Base}/by-key/private"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.PutAsJsonAsync(Api.Url($"{Base}/{id}"), new { name = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.DeleteAsync(Api.Url($"{Base}/{id}"))).StatusCode);
        var list = await Api.JsonAsync(await b.Http.GetAsync(Api.Url(Base)), HttpStatusCode.OK);
        Assert.DoesNotContain(list.EnumerateArray(), kb => kb.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task ReadPermissionAlone_CannotCreate()
    {
        var tenant = await new IdentityTestData(fixture.Host).CreateTenantAsync();
        var reader = new KnowledgeClient(fixture.Host, tenant.Id, "knowledge.read");

        var response = await reader.CreateAsync(new { name = "Nope" });
        var list = await reader.Http.GetAsync(Api.Url(Base));

        await Api.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }
}
