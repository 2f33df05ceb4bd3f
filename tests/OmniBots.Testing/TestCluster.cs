using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Testing;

/// <summary>
/// One private PostgreSQL per test process (the same launcher the host uses), with a template
/// database migrated by a real host start; each test class gets a fresh database cloned from it.
/// </summary>
public static class TestCluster
{
    private const string TemplateName = "omnibots_template";
    private static readonly SemaphoreSlim CloneLock = new(1, 1);
    private static readonly Lazy<Task<PrivatePostgresCluster>> Cluster = new(StartAsync);
    private static int _counter;

    public static Task<PrivatePostgresCluster> GetAsync() => Cluster.Value;

    /// <summary>A new database with every migration applied, named after the test class.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string hint)
    {
        var cluster = await GetAsync();
        var name = $"t{Interlocked.Increment(ref _counter)}_{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}";
        // CREATE DATABASE … TEMPLATE needs the template to have no other session: clones run one at a time.
        await CloneLock.WaitAsync();
        try
        {
            await ExecuteAsSuperuserAsync(cluster, $"CREATE DATABASE {name} OWNER {PlatformRoles.Owner} TEMPLATE {TemplateName}");
        }
        finally
        {
            CloneLock.Release();
        }
        return new TestDatabase(cluster, name);
    }

    /// <summary>An empty database (no migrations), for tests of start-up itself.</summary>
    public static async Task<TestDatabase> CreateEmptyDatabaseAsync(string hint)
    {
        var cluster = await GetAsync();
        var name = $"e{Interlocked.Increment(ref _counter)}_{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}";
        await cluster.EnsureDatabaseAsync(name, PlatformRoles.Owner, CancellationToken.None);
        return new TestDatabase(cluster, name);
    }

    internal static async Task ExecuteAsSuperuserAsync(PrivatePostgresCluster cluster, string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(PrivatePostgresCluster.SuperUser, database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PrivatePostgresCluster> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "omnibots-tests");
        StaleClusters.Clean(root);
        var folder = Path.Combine(root, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var cluster = new PrivatePostgresCluster(
            new PrivateClusterOptions { DataDirectory = folder, Port = 5432, Ephemeral = true, DatabaseName = TemplateName },
            NullLogger.Instance);
        await cluster.StartAsync(CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StaleClusters.StopAndDelete(folder);
        await cluster.EnsureRolesAsync(CancellationToken.None);
        await cluster.EnsureDatabaseAsync(TemplateName, PlatformRoles.Owner, CancellationToken.None);

        // The template is migrated by a real host start, so tests see exactly what production applies.
        var template = new TestDatabase(cluster, TemplateName);
        await using (var host = new OmniBotsHostFactory(template, new HostSettings { Roles = "web" }))
        {
            await host.StartAsync();
        }
        NpgsqlConnection.ClearAllPools();
        return cluster;
    }
}
