using Npgsql;

namespace OmniBots.Platform.Database;

/// <summary>
/// The connection pools. <see cref="Runtime"/> is what request handling uses (always through
/// <see cref="Tenancy.TenantDatabase"/>, which sets the tenant). The elevated pool bypasses
/// row-level security: it is internal to the platform (jobs, scheduler, events, key ring), and
/// modules reach it only through the logged <see cref="Tenancy.TenantDatabase.OpenElevatedAsync"/>.
/// Filled once at start-up by <see cref="DatabaseInitializer"/>.
/// </summary>
public sealed class PlatformDatabase : IAsyncDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NpgsqlDataSource? _runtime;
    private NpgsqlDataSource? _elevated;

    public NpgsqlDataSource Runtime => _runtime ?? throw NotReady();
    internal NpgsqlDataSource Elevated => _elevated ?? throw NotReady();
    internal string OwnerConnectionString { get; private set; } = "";
    internal string ElevatedConnectionString { get; private set; } = "";

    /// <summary>True when the host started its own PostgreSQL.</summary>
    public bool IsPrivateCluster { get; private set; }

    /// <summary>Completes once migrations ran and the pools exist.</summary>
    public Task Ready => _ready.Task;

    internal void Initialize(DatabaseConnectionStrings strings, bool isPrivateCluster)
    {
        _runtime = Build(strings.Runtime, "runtime");
        _elevated = Build(strings.Elevated, "elevated");
        OwnerConnectionString = strings.Owner;
        ElevatedConnectionString = strings.Elevated;
        IsPrivateCluster = isPrivateCluster;
        _ready.TrySetResult();
    }

    internal void Fail(Exception error) => _ready.TrySetException(error);

    private static NpgsqlDataSource Build(string connectionString, string name)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = name };
        return builder.Build();
    }

    private static InvalidOperationException NotReady()
        => new("The database is not initialised yet: it is set up when the host starts.");

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }
        if (_elevated is not null)
        {
            await _elevated.DisposeAsync();
        }
    }
}

internal sealed record DatabaseConnectionStrings(string Runtime, string Owner, string Elevated);
