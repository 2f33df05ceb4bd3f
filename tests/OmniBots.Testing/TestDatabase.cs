using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Testing;

/// <summary>A database of the test cluster, with connection strings for each role.</summary>
public sealed class TestDatabase(PrivatePostgresCluster cluster, string name)
{
    public string Name { get; } = name;
    public PrivatePostgresCluster Cluster { get; } = cluster;

    public string RuntimeConnectionString => Cluster.ConnectionString(PlatformRoles.Runtime, Name);
    public string OwnerConnectionString => Cluster.ConnectionString(PlatformRoles.Owner, Name);
    public string ElevatedConnectionString => Cluster.ConnectionString(PlatformRoles.Elevated, Name);
    public string SuperuserConnectionString => Cluster.ConnectionString(PrivatePostgresCluster.SuperUser, Name);

    /// <summary>Settings that point a host at this database instead of its own private cluster.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Database:ConnectionString"] = RuntimeConnectionString,
        ["Database:OwnerConnectionString"] = OwnerConnectionString,
        ["Database:ElevatedConnectionString"] = ElevatedConnectionString,
    };

    /// <summary>A connection that bypasses row-level security, for arranging and asserting.</summary>
    public async Task<NpgsqlConnection> OpenElevatedAsync()
    {
        var connection = new NpgsqlConnection(ElevatedConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<NpgsqlConnection> OpenSuperuserAsync()
    {
        var connection = new NpgsqlConnection(SuperuserConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A connection as the runtime role, confined to <paramref name="tenantId"/> (none: sees no tenant rows).</summary>
    public async Task<NpgsqlConnection> OpenAsTenantAsync(Guid? tenantId)
    {
        var connection = new NpgsqlConnection(RuntimeConnectionString);
        await connection.OpenAsync();
        if (tenantId is { } tenant)
        {
            await OmniBots.Platform.Tenancy.TenantSession.ConfineToTenantAsync(connection, tenant, CancellationToken.None);
        }
        return connection;
    }

    /// <summary>Runs SQL as the cluster's superuser: for arranging and asserting, never for what the product does.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenSuperuserAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenSuperuserAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }
        await command.ExecuteNonQueryAsync();
    }
}
