using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;
using Xunit;

namespace OmniBots.Platform.Tests.PrivateCluster;

/// <summary>The launcher the host uses when no connection string is configured, each test on a cluster of its own.</summary>
public sealed class PrivateClusterTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omnibots-cluster-tests", Guid.NewGuid().ToString("N")[..12]);
    private readonly List<PrivatePostgresCluster> _started = [];

    [Fact]
    public async Task FirstStart_InitialisesTheCluster_AndItAcceptsConnectionsOnItsSocket()
    {
        var cluster = await StartAsync();
        Assert.True(File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")));
        Assert.True(File.Exists(Path.Combine(cluster.SocketDirectory, $".s.PGSQL.{cluster.Port}")));
        Assert.Equal(1, await QueryAsync(cluster, "SELECT 1"));
    }

    [Fact]
    public async Task Restart_KeepsTheData()
    {
        var cluster = await StartAsync();
        await QueryAsync(cluster, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42); SELECT 0");
        await cluster.StopAsync(CancellationToken.None);

        var again = await StartAsync();
        Assert.Equal(42, await QueryAsync(again, "SELECT n FROM kept"));
    }

    [Fact]
    public async Task StalePidFileOfACrashedCluster_IsRemoved_AndTheClusterStarts()
    {
        var cluster = await StartAsync();
        await cluster.StopAsync(CancellationToken.None);
        // What a crash leaves behind: a pid file naming a process that no longer exists.
        var pidFile = Path.Combine(cluster.DataDirectory, "postmaster.pid");
        await File.WriteAllTextAsync(pidFile, $"999999\n{cluster.DataDirectory}\n1700000000\n{cluster.Port}\n{cluster.SocketDirectory}\n\n  5433001  0\nready\n");

        var again = await StartAsync();
        Assert.Equal(1, await QueryAsync(again, "SELECT 1"));
    }

    [Fact]
    public async Task ClusterOfAnotherLiveHost_IsAdopted_AndLeftRunningWhenTheAdopterStops()
    {
        var first = await StartAsync();
        var adopted = await StartAsync();
        Assert.Equal(1, await QueryAsync(adopted, "SELECT 1"));

        await adopted.StopAsync(CancellationToken.None);
        Assert.Equal(1, await QueryAsync(first, "SELECT 1"));
    }

    [Fact]
    public async Task ClusterLeftRunningByAHostThatDied_IsAdopted_AndStoppedByTheAdopter()
    {
        var first = await StartAsync();
        // What a SIGKILLed host leaves: PostgreSQL running, host.pid naming a process that is gone.
        await File.WriteAllTextAsync(Path.Combine(_folder, "host.pid"), "999999");
        var adopted = await StartAsync();
        Assert.Equal(1, await QueryAsync(adopted, "SELECT 1"));

        await adopted.StopAsync(CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(first.DataDirectory, "postmaster.pid")));
    }

    [Fact]
    public async Task AHalfInitialisedCluster_IsNeverStarted_ItIsInitialisedAgain()
    {
        // A crash during initdb leaves only the staging folder; the real folder never exists half-made.
        Directory.CreateDirectory(Path.Combine(_folder, "pgdata.initdb"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "pgdata.initdb", "PG_VERSION"), "15");
        var cluster = await StartAsync();
        Assert.Equal("", await QueryTextAsync(cluster, "SHOW listen_addresses"));
    }

    [Fact]
    public async Task Roles_RuntimeOwnsNothingAndObeysRls_ElevatedBypassesRls()
    {
        var cluster = await StartAsync();
        await cluster.EnsureRolesAsync(CancellationToken.None);
        await cluster.EnsureRolesAsync(CancellationToken.None); // idempotent
        var attributes = await QueryTextAsync(cluster, $"""
            SELECT string_agg(rolname || ':' || rolsuper || ':' || rolbypassrls, ',' ORDER BY rolname)
            FROM pg_roles WHERE rolname IN ('{PlatformRoles.Runtime}', '{PlatformRoles.Elevated}', '{PlatformRoles.Owner}')
            """);
        Assert.Equal("omnibots_app:false:false,omnibots_owner:false:false,omnibots_platform:false:true", attributes);
    }

    [Fact]
    public async Task WhenRunAsRoot_AFolderPostgresCannotReach_IsReplacedByOneItCan()
    {
        var unreachable = Path.Combine(Environment.IsPrivilegedProcess ? "/root" : _folder, ".omnibots-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var cluster = await StartAsync(unreachable);
            Assert.Equal(1, await QueryAsync(cluster, "SELECT 1"));
            if (Environment.IsPrivilegedProcess)
            {
                Assert.StartsWith("/var/tmp/omnibots/", cluster.DataDirectory, StringComparison.Ordinal);
            }
            else
            {
                Assert.StartsWith(unreachable, cluster.DataDirectory, StringComparison.Ordinal);
            }
            await cluster.StopAsync(CancellationToken.None);
            Directory.Delete(Path.GetDirectoryName(cluster.DataDirectory)!, recursive: true);
        }
        finally
        {
            if (Directory.Exists(unreachable))
            {
                Directory.Delete(unreachable, recursive: true);
            }
        }
    }

    private async Task<PrivatePostgresCluster> StartAsync(string? folder = null)
    {
        var cluster = new PrivatePostgresCluster(
            new PrivateClusterOptions { DataDirectory = folder ?? _folder, Port = 5439, Ephemeral = true }, NullLogger.Instance);
        await cluster.StartAsync(CancellationToken.None);
        _started.Add(cluster);
        return cluster;
    }

    private static async Task<int> QueryAsync(PrivatePostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(PrivatePostgresCluster.SuperUser, "postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> QueryTextAsync(PrivatePostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(PrivatePostgresCluster.SuperUser, "postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in Enumerable.Reverse(_started))
        {
            await cluster.StopAsync(CancellationToken.None);
        }
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
