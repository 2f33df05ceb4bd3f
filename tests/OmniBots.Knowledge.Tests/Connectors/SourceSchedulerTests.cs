using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Connectors.Sync;
using OmniBots.Knowledge.Tests.Sources;
using OmniBots.Platform.Jobs.Contracts;
using Xunit;

namespace OmniBots.Knowledge.Tests.Connectors;

public sealed class SourceSchedulerTests(SourcesFixture fixture) : IClassFixture<SourcesFixture>
{
    private static object FileSource(string name) => new { type = "file-url", name, settings = new { urls = new[] { "http://127.0.0.1:9/a.txt" } } };

    [Fact]
    public async Task Two_ticks_queue_one_sync_per_due_enabled_source_in_its_tenant()
    {
        var first = await fixture.AdminAsync();
        var second = await fixture.AdminAsync();
        var due = (await first.CreateSourceAsync(FileSource("due"))).GetProperty("id").GetGuid();
        var otherTenantDue = (await second.CreateSourceAsync(FileSource("due elsewhere"))).GetProperty("id").GetGuid();
        var later = (await first.CreateSourceAsync(FileSource("later"))).GetProperty("id").GetGuid();
        var disabled = (await first.CreateSourceAsync(new { type = "file-url", name = "off", enabled = false, settings = new { urls = new List<string> { "http://127.0.0.1:9/b.txt" } } }))
            .GetProperty("id").GetGuid();
        await fixture.Database.ExecuteAsync("UPDATE knowledge.sources SET next_sync_at = now() + interval '1 hour' WHERE id = @id", ("id", later));

        await TickAsync();
        await TickAsync();

        Assert.Equal((1, (Guid?)first.Tenant.Id), await JobsAsync(due));
        Assert.Equal((1, (Guid?)second.Tenant.Id), await JobsAsync(otherTenantDue));
        Assert.Equal(0, (await JobsAsync(later)).Count);
        Assert.Equal(0, (await JobsAsync(disabled)).Count);
    }

    [Fact]
    public async Task A_source_due_again_later_gets_a_new_job()
    {
        var session = await fixture.AdminAsync();
        var id = (await session.CreateSourceAsync(FileSource("again"))).GetProperty("id").GetGuid();
        await TickAsync();

        // As a finished sync does: the next due time moves, and it falls due.
        await fixture.Database.ExecuteAsync("UPDATE knowledge.sources SET next_sync_at = now() - interval '1 second' WHERE id = @id", ("id", id));
        await TickAsync();

        Assert.Equal(2, (await JobsAsync(id)).Count);
    }

    private async Task TickAsync()
    {
        using var scope = fixture.Host.Services.CreateScope();
        var handler = ActivatorUtilities.CreateInstance<SourceSchedulerHandler>(scope.ServiceProvider);
        await handler.HandleAsync(new JobContext(0, SourceSchedulerHandler.Kind, JobQueues.Default, null, "{}", 1, 1, DateTimeOffset.UtcNow), CancellationToken.None);
    }

    private async Task<(int Count, Guid? Tenant)> JobsAsync(Guid sourceId)
    {
        var count = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.jobs WHERE kind = 'knowledge.source-sync' AND payload->>'sourceId' = @id", ("id", sourceId.ToString()));
        var tenant = await fixture.Database.ScalarAsync<Guid?>(
            "SELECT max(tenant_id::text)::uuid FROM platform.jobs WHERE kind = 'knowledge.source-sync' AND payload->>'sourceId' = @id", ("id", sourceId.ToString()));
        return ((int)count, tenant);
    }
}
