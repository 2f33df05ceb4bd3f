using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Audit;

public sealed class AuditLogTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task RecordInATenantScope_IsReadableByThatTenantOnly()
    {
        var tenantA = Guid.NewGuid();
        var tenantB = Guid.NewGuid();
        await RecordAsync(tenantA, new AuditEntry("bot.published") { TargetType = "bot", TargetId = "b1", Details = new { version = 3 } });

        var ofA = await ReadAsync(tenantA, new AuditQuery());
        var entry = Assert.Single(ofA);
        Assert.Equal("bot.published", entry.Action);
        Assert.Equal("system", entry.ActorType);
        Assert.Equal("success", entry.Result);
        Assert.Contains("\"version\": 3", entry.Details, StringComparison.Ordinal);
        Assert.Empty(await ReadAsync(tenantB, new AuditQuery()));
    }

    [Fact]
    public async Task PlatformEntries_AreInvisibleToTenantScopes()
    {
        await RecordAsync(null, new AuditEntry("partner.created") { TargetType = "partner", TargetId = "p1" });
        Assert.DoesNotContain(await ReadAsync(Guid.NewGuid(), new AuditQuery()), e => e.Action == "partner.created");
        Assert.Contains(await ReadElevatedAsync(new AuditQuery { Action = "partner" }), e => e.Action == "partner.created" && e.TenantId is null);
    }

    [Fact]
    public async Task Filters_AndPagingById_Work()
    {
        var tenant = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            await RecordAsync(tenant, new AuditEntry(i % 2 == 0 ? "user.invited" : "user.suspended", i == 4 ? AuditResult.Denied : AuditResult.Success));
        }
        Assert.Equal(3, (await ReadAsync(tenant, new AuditQuery { Action = "user.invited" })).Count);
        Assert.Single(await ReadAsync(tenant, new AuditQuery { Result = "denied" }));
        var firstPage = await ReadAsync(tenant, new AuditQuery { Limit = 2 });
        var secondPage = await ReadAsync(tenant, new AuditQuery { Limit = 2, Before = firstPage[^1].Id });
        Assert.Equal(2, secondPage.Count);
        Assert.True(secondPage[0].Id < firstPage[^1].Id);
    }

    [Fact]
    public async Task Entries_CannotBeChangedOrDeleted_EvenByTheElevatedRole()
    {
        var tenant = Guid.NewGuid();
        await RecordAsync(tenant, new AuditEntry("settings.changed"));
        await using var elevated = await fixture.Database.OpenElevatedAsync();
        foreach (var sql in new[] { "UPDATE platform.audit_log SET action = 'x.y'", "DELETE FROM platform.audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, elevated);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    [Fact]
    public async Task PurgeOfATenant_RemovesOnlyItsEntries()
    {
        var gone = Guid.NewGuid();
        var kept = Guid.NewGuid();
        await RecordAsync(gone, new AuditEntry("tenant.deleted"));
        await RecordAsync(kept, new AuditEntry("tenant.kept"));
        await using var elevated = await fixture.Database.OpenElevatedAsync();
        await using var purge = new NpgsqlCommand("SELECT platform.purge_tenant_audit(@t)", elevated);
        purge.Parameters.AddWithValue("t", gone);
        Assert.Equal(1L, await purge.ExecuteScalarAsync());
        Assert.Empty(await ReadAsync(gone, new AuditQuery()));
        Assert.Single(await ReadAsync(kept, new AuditQuery()));
    }

    private async Task RecordAsync(Guid? tenant, AuditEntry entry)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        if (tenant is { } id)
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(id);
        }
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(entry, CancellationToken.None);
    }

    private async Task<List<AuditRecord>> ReadAsync(Guid tenant, AuditQuery query)
    {
        await using var connection = await fixture.Database.OpenAsTenantAsync(tenant);
        return await AuditReader.ReadAsync(connection, query, null, CancellationToken.None).ToListAsync();
    }

    private async Task<List<AuditRecord>> ReadElevatedAsync(AuditQuery query)
    {
        await using var connection = await fixture.Database.OpenElevatedAsync();
        return await AuditReader.ReadAsync(connection, query, null, CancellationToken.None).ToListAsync();
    }
}
