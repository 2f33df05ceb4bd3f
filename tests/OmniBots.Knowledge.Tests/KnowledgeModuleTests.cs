using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests;

public sealed class KnowledgeModuleTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_host_creates_the_knowledge_schema()
    {
        var exists = await fixture.Host.Database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'knowledge')");

        Assert.True(exists);
    }
}
