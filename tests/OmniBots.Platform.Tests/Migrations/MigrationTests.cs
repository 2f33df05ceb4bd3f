using OmniBots.Platform.Database.Migrations;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Migrations;

public sealed class MigrationTests
{
    [Fact]
    public async Task ThreeHostsStartingAtOnce_OnAnEmptyDatabase_ApplyEachMigrationExactlyOnce()
    {
        var database = await TestCluster.CreateEmptyDatabaseAsync(nameof(ThreeHostsStartingAtOnce_OnAnEmptyDatabase_ApplyEachMigrationExactlyOnce));
        var hosts = Enumerable.Range(0, 3).Select(_ => new OmniBotsHostFactory(database, new HostSettings { Roles = "web" })).ToArray();
        try
        {
            await Task.WhenAll(hosts.Select(host => Task.Run(host.StartAsync)));

            var expected = hosts[0].Services.GetServicesOf<ModuleMigrations>().Sum(m => m.Load().Count);
            Assert.True(expected >= 2);
            Assert.Equal(expected, await database.ScalarAsync<long>("SELECT count(*) FROM omnibots_migrations.applied"));
            Assert.Equal(expected, await database.ScalarAsync<long>(
                "SELECT count(DISTINCT (schema_name, version)) FROM omnibots_migrations.applied"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AnAppliedMigrationThatChanged_StopsStartUp_WithAClearError()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(AnAppliedMigrationThatChanged_StopsStartUp_WithAClearError));
        // The recorded checksum no longer matching the embedded file is exactly what an edit of the file looks like.
        await database.ExecuteAsync(
            "UPDATE omnibots_migrations.applied SET checksum = repeat('0', 64) WHERE schema_name = 'platform' AND version = 1");

        await using var host = new OmniBotsHostFactory(database, new HostSettings { Roles = "web" });
        var error = await Assert.ThrowsAsync<MigrationException>(host.StartAsync);
        Assert.Contains("platform/0001_tenant_isolation.sql was changed after it was applied", error.Message, StringComparison.Ordinal);
        Assert.Contains("add a new migration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartOnAMigratedDatabase_AppliesNothingAgain()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(RestartOnAMigratedDatabase_AppliesNothingAgain));
        var before = await database.ScalarAsync<DateTime>("SELECT max(applied_at) FROM omnibots_migrations.applied");
        await using (var host = new OmniBotsHostFactory(database, new HostSettings { Roles = "web" }))
        {
            await host.StartAsync();
        }
        Assert.Equal(before, await database.ScalarAsync<DateTime>("SELECT max(applied_at) FROM omnibots_migrations.applied"));
    }

    [Fact]
    public void MigrationFiles_AreFoundInVersionOrder()
    {
        var scripts = new ModuleMigrations("platform", typeof(PlatformModule).Assembly).Load();
        Assert.Equal("0001_tenant_isolation.sql", scripts[0].Name);
        Assert.Equal(scripts.OrderBy(s => s.Version).Select(s => s.Version), scripts.Select(s => s.Version));
    }

    [Fact]
    public void SchemaNames_MustBeSafeIdentifiers()
        => Assert.Throws<ArgumentException>(() => new ModuleMigrations("Bad-Schema; DROP", typeof(PlatformModule).Assembly));
}
