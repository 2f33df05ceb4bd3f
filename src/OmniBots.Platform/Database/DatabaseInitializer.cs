using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Platform.Database.Migrations;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Platform.Database;

/// <summary>
/// First hosted service to start and last to stop: starts the private cluster when no connection
/// string is configured, applies migrations, checks the runtime role cannot bypass isolation,
/// and opens the pools.
/// </summary>
internal sealed class DatabaseInitializer(
    IOptions<DatabaseOptions> options,
    PlatformDatabase database,
    MigrationRunner migrations,
    IEnumerable<Migrations.ModuleMigrations> modules,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    private PrivatePostgresCluster? _cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var settings = options.Value;
            var strings = settings.UsesPrivateCluster
                ? await StartPrivateClusterAsync(settings, cancellationToken)
                : ExternalStrings(settings);
            strings = WithPoolSize(strings, settings.MaxPoolSize);

            var moduleSchemas = modules.Select(m => m.Schema).ToArray();
            var applied = await migrations.ApplyAsync(strings.Owner, UserOf(strings.Runtime), UserOf(strings.Elevated), cancellationToken);
            await RuntimeRoleCheck.EnsureIsolatedAsync(strings.Runtime, moduleSchemas, cancellationToken);
            database.Initialize(strings, _cluster is not null);
            logger.LogInformation("Database ready: {Applied} migration(s) applied, runtime role {Role}", applied, UserOf(strings.Runtime));
        }
        catch (Exception ex)
        {
            database.Fail(ex);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await database.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.StopAsync(cancellationToken);
        }
    }

    private async Task<DatabaseConnectionStrings> StartPrivateClusterAsync(DatabaseOptions settings, CancellationToken ct)
    {
        logger.LogInformation("No Database:ConnectionString configured: using the private PostgreSQL cluster in {Folder}",
            Path.GetFullPath(settings.PrivateCluster.DataDirectory));
        _cluster = new PrivatePostgresCluster(settings.PrivateCluster, logger);
        await _cluster.StartAsync(ct);
        await _cluster.EnsureRolesAsync(ct);
        var name = settings.PrivateCluster.DatabaseName;
        await _cluster.EnsureDatabaseAsync(name, PlatformRoles.Owner, ct);
        return new DatabaseConnectionStrings(
            _cluster.ConnectionString(PlatformRoles.Runtime, name),
            _cluster.ConnectionString(PlatformRoles.Owner, name),
            _cluster.ConnectionString(PlatformRoles.Elevated, name));
    }

    private DatabaseConnectionStrings ExternalStrings(DatabaseOptions settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        logger.LogInformation("Using the configured PostgreSQL server {Host}:{Port}, database {Database}",
            builder.Host, builder.Port, builder.Database);
        return new DatabaseConnectionStrings(settings.ConnectionString!, settings.OwnerConnectionString!, settings.ElevatedConnectionString!);
    }

    private static DatabaseConnectionStrings WithPoolSize(DatabaseConnectionStrings strings, int maxPoolSize)
    {
        static string Sized(string value, int max) => new NpgsqlConnectionStringBuilder(value) { MaxPoolSize = max }.ConnectionString;
        return strings with { Runtime = Sized(strings.Runtime, maxPoolSize), Elevated = Sized(strings.Elevated, maxPoolSize) };
    }

    internal static string UserOf(string connectionString)
        => new NpgsqlConnectionStringBuilder(connectionString).Username
           ?? throw new InvalidOperationException("A connection string has no Username.");
}
