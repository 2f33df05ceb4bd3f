using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;
using OmniBots.Knowledge.Sample;
using OmniBots.Knowledge.Tests.Documents;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.KnowledgeBases;

public sealed class SampleKnowledgeBaseTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task ANewTenant_GetsThePlatformGuide_WithEveryDocumentIndexed()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var expected = SampleKnowledgeBase.Documents().Count();

        var kb = await Api.JsonAsync(await client.Http.GetAsync(Api.Url("/api/v1/knowledge-bases/by-key/platform-guide")), HttpStatusCode.OK);
        var id = kb.GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () =>
        {
            var documents = await Api.JsonAsync(await client.Http.GetAsync(Api.Url($"/api/v1/knowledge-bases/{id}/documents")), HttpStatusCode.OK);
            return documents.GetArrayLength() == expected && documents.EnumerateArray().All(d => d.GetProperty("status").GetString() == "indexed");
        }, TimeSpan.FromSeconds(60), "every sample document is indexed");
        var chunks = (await client.SearchableAsync(id)).Chunks;

        Assert.True(expected >= 5);
        Assert.Equal("Platform guide", kb.GetProperty("name").GetString());
        Assert.Contains(chunks, c => c.DocumentTitle == "Knowledge bases" && c.HeadingPath.Contains("How do I upload documents?"));
    }

    [Fact]
    public async Task ProvisioningAgain_DoesNotAddASecondGuide()
    {
        var tenant = await new IdentityTestData(fixture.Host).CreateTenantAsync();
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantProvisioner>()
                .ProvisionAsync(new TenantProvisioningRequest(tenant.Id, tenant.PartnerId, "again", tenant.Slug), CancellationToken.None);
        }

        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.knowledge_bases WHERE tenant_id = @t", ("t", tenant.Id)));
    }
}
