using System.Net;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Documents;

/// <summary>The default limits (20 files, 50 MB a file), refused before anything is stored.</summary>
public sealed class UploadLimitTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task TwentyOneFiles_AreRefused_AndNothingIsStored()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync();
        var files = Enumerable.Range(0, 21).Select(i => ($"f{i}.txt", System.Text.Encoding.UTF8.GetBytes($"file {i}"), (string?)null)).ToArray();

        var problem = await Api.ProblemAsync(await client.UploadAsync(kb, KnowledgeClient.Files(files)), HttpStatusCode.BadRequest);

        Assert.Equal(["files"], Api.ErrorFields(problem));
        Assert.Equal(0, await DocumentCountAsync(kb));
    }

    [Fact]
    public async Task AFileOneByteOverFiftyMegabytes_IsRefusedByName_AndNothingIsStored()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync();
        var small = System.Text.Encoding.UTF8.GetBytes("fine");
        var large = new byte[(50 * 1024 * 1024) + 1];

        var problem = await Api.ProblemAsync(
            await client.UploadAsync(kb, KnowledgeClient.Files(("small.txt", small, null), ("huge.txt", large, null))), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("huge.txt", problem.GetProperty("file").GetString());
        Assert.Contains("huge.txt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await DocumentCountAsync(kb));
    }

    private Task<long> DocumentCountAsync(Guid kb)
        => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.documents WHERE knowledge_base_id = @kb", ("kb", kb));
}

/// <summary>A host whose knowledge bases hold 1,500 bytes (files of up to 1,000), so the quota is testable without gigabytes.</summary>
public sealed class SmallQuotaFixture : HostFixture
{
    protected override HostSettings Settings => new()
    {
        Extra = new Dictionary<string, string?>
        {
            ["Knowledge:Uploads:MaxFileBytes"] = "1000",
            ["Knowledge:Uploads:MaxKnowledgeBaseBytes"] = "1500",
        },
    };
}

public sealed class KnowledgeBaseQuotaTests(SmallQuotaFixture fixture) : IClassFixture<SmallQuotaFixture>
{
    [Fact]
    public async Task AnUploadOverTheKnowledgeBaseQuota_IsRefused_AndNothingOfItIsStored()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync();
        await client.UploadOneAsync(kb, "first.txt", Filled(1000, 'a'));

        var problem = await Api.ProblemAsync(
            await client.UploadAsync(kb, KnowledgeClient.Files(("second.txt", Filled(300, 'b'), null), ("third.txt", Filled(300, 'c'), null))),
            HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("1500", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.documents WHERE knowledge_base_id = @kb", ("kb", kb)));
    }

    [Fact]
    public async Task AnUploadWithinTheQuota_IsAccepted()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync();

        await client.UploadOneAsync(kb, "first.txt", Filled(800, 'a'));
        await client.UploadOneAsync(kb, "second.txt", Filled(700, 'b'));
    }

    private static byte[] Filled(int length, char c) => System.Text.Encoding.ASCII.GetBytes(new string(c, length));
}
