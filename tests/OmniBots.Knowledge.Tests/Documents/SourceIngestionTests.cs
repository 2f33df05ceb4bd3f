using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Ingestion;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Documents;

/// <summary>What connectors rely on: a source file is upserted by source id + external id, and removed by them.</summary>
public sealed class SourceIngestionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task ASourceFile_IsUnchangedWhenResent_ReplacedWhenChanged_AndRemovable()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync();
        var source = Guid.NewGuid();

        var first = await IngestAsync(client.TenantId, kb, source, "Version one of the page.");
        await client.WaitIndexedAsync(kb, first.DocumentId);
        var again = await IngestAsync(client.TenantId, kb, source, "Version one of the page.");
        var changed = await IngestAsync(client.TenantId, kb, source, "Version two of the page.");
        var document = await client.WaitIndexedAsync(kb, changed.DocumentId);
        await Eventually.TrueAsync(async () => (await client.SearchableAsync(kb)).Chunks.Any(c => c.Text == "Version two of the page."),
            TimeSpan.FromSeconds(30), "the new version is searchable");
        var searchable = await client.SearchableAsync(kb);

        Assert.Equal(IngestOutcome.Queued, first.Outcome);
        Assert.Equal((first.DocumentId, IngestOutcome.Unchanged), (again.DocumentId, again.Outcome));
        Assert.Equal((first.DocumentId, IngestOutcome.Queued), (changed.DocumentId, changed.Outcome));
        Assert.Equal("page-1", document.GetProperty("externalId").GetString());
        Assert.Equal("https://example.com/page-1", document.GetProperty("url").GetString());
        var chunk = Assert.Single(searchable.Chunks);
        Assert.Equal(source, chunk.SourceId);
        Assert.Equal("https://example.com/page-1", chunk.Metadata["url"]);

        Assert.True(await RemoveAsync(client.TenantId, kb, source));
        Assert.False(await RemoveAsync(client.TenantId, kb, source));
        Assert.Empty((await client.SearchableAsync(kb)).Chunks);
    }

    private async Task<IngestResult> IngestAsync(Guid tenant, Guid kb, Guid source, string text)
    {
        await using var scope = Scope(tenant);
        return await scope.ServiceProvider.GetRequiredService<IDocumentIngestion>().IngestAsync(kb,
            new IngestFile("page-1.txt", "text/plain", new MemoryStream(Encoding.UTF8.GetBytes(text)), source, "page-1") { Url = new Uri("https://example.com/page-1") },
            CancellationToken.None);
    }

    private async Task<bool> RemoveAsync(Guid tenant, Guid kb, Guid source)
    {
        await using var scope = Scope(tenant);
        return await scope.ServiceProvider.GetRequiredService<IDocumentIngestion>().RemoveAsync(kb, source, "page-1", CancellationToken.None);
    }

    private AsyncServiceScope Scope(Guid tenant)
    {
        var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
        return scope;
    }
}
