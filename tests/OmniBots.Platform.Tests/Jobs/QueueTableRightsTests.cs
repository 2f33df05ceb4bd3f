using Npgsql;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

/// <summary>The runtime role (request and job code) may enqueue and read its tenant's jobs, but
/// never change a job's state, attempts or lease, nor touch the scheduler's ticks.</summary>
public sealed class QueueTableRightsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly Guid Tenant = Guid.NewGuid();

    private static async Task<long> InsertOwnJobAsync(NpgsqlConnection asTenant)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO platform.jobs (tenant_id, kind, run_at) VALUES (@tenant, 'test.rights', now() + interval '1 day') RETURNING id", asTenant);
        insert.Parameters.AddWithValue("tenant", Tenant);
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task RuntimeRole_InsertsAndReadsItsTenantsJobs()
    {
        await using var asTenant = await fixture.Database.OpenAsTenantAsync(Tenant);

        var id = await InsertOwnJobAsync(asTenant);

        await using var read = new NpgsqlCommand("SELECT state FROM platform.jobs WHERE id = @id", asTenant);
        read.Parameters.AddWithValue("id", id);
        Assert.Equal("queued", await read.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("UPDATE platform.jobs SET state = 'succeeded' WHERE id = @id")]
    [InlineData("UPDATE platform.jobs SET attempts = 0, lease_until = now() + interval '1 day' WHERE id = @id")]
    [InlineData("DELETE FROM platform.jobs WHERE id = @id")]
    public async Task RuntimeRole_CannotChangeOrDeleteJobs_EvenItsOwn(string sql)
    {
        await using var asTenant = await fixture.Database.OpenAsTenantAsync(Tenant);
        var id = await InsertOwnJobAsync(asTenant);

        await using var command = new NpgsqlCommand(sql, asTenant);
        command.Parameters.AddWithValue("id", id);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM platform.cron_ticks")]
    [InlineData("INSERT INTO platform.cron_ticks (name, last_tick, updated_by) VALUES ('rights', now(), 'tenant')")]
    [InlineData("UPDATE platform.cron_ticks SET last_tick = now() + interval '1 year'")]
    [InlineData("DELETE FROM platform.cron_ticks")]
    public async Task RuntimeRole_CannotReadOrWriteCronTicks(string sql)
    {
        await using var asTenant = await fixture.Database.OpenAsTenantAsync(Tenant);

        await using var command = new NpgsqlCommand(sql, asTenant);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task ElevatedRole_KeepsFullRightsOnBoth()
    {
        await using var asTenant = await fixture.Database.OpenAsTenantAsync(Tenant);
        var id = await InsertOwnJobAsync(asTenant);
        await using var elevated = await fixture.Database.OpenElevatedAsync();

        await using var command = new NpgsqlCommand("""
            UPDATE platform.jobs SET state = 'cancelled' WHERE id = @id;
            DELETE FROM platform.jobs WHERE id = @id;
            INSERT INTO platform.cron_ticks (name, last_tick, updated_by) VALUES ('rights', now(), 'test');
            DELETE FROM platform.cron_ticks WHERE name = 'rights';
            """, elevated);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }
}
