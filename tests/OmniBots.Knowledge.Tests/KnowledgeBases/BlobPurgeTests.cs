using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;
using OmniBots.Knowledge.Sample;
using OmniBots.Knowledge.Tests.Documents;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.KnowledgeBases;

public sealed class BlobPurgeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task PurgingATenant_DeletesItsOriginals_AndNoOtherTenants()
    {
        var a = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var b = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var (pathA, pathB) = (await UploadAsync(a), await UploadAsync(b));
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var step = scope.ServiceProvider.GetServices<ITenantPurgeStep>().OfType<KnowledgeBlobPurgeStep>().Single();

        // The step uses neither the connection nor the transaction: blobs are outside the database.
        await step.PurgeAsync(new TenantPurgeContext(a.TenantId, null!, null!), CancellationToken.None);

        Assert.False(await ExistsAsync(a.TenantId, pathA));
        Assert.True(await ExistsAsync(b.TenantId, pathB));
    }

    private static async Task<string> UploadAsync(KnowledgeClient client)
    {
        var kb = await client.CreateKnowledgeBaseAsync();
        var id = await client.UploadOneAsync(kb, "doc.txt", Encoding.UTF8.GetBytes("Purge me " + client.TenantId));
        var sha = (await client.DocumentAsync(kb, id)).GetProperty("sha256").GetString();
        return $"knowledge/{kb:N}/{id:N}/{sha}";
    }

    private async Task<bool> ExistsAsync(Guid tenant, string path)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
        return await scope.ServiceProvider.GetRequiredService<ITenantBlobStore>().ExistsAsync(path, CancellationToken.None);
    }
}
