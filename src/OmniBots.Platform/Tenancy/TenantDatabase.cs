using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Database;

namespace OmniBots.Platform.Tenancy;

/// <summary>
/// The only way request and job code reaches tenant data: connections as the runtime role with
/// <c>app.tenant_id</c> set, so row-level security confines them to one tenant. The setting is
/// session-level and Npgsql resets the session (DISCARD ALL) when the connection returns to the
/// pool, so it never leaks to the next borrower.
/// </summary>
public sealed class TenantDatabase(PlatformDatabase database, ITenantContext tenant, ILogger<TenantDatabase> logger)
{
    /// <summary>A connection confined to the current tenant. Throws when the scope has none.</summary>
    public Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
        => OpenForTenantAsync(database, tenant.TenantId ?? throw new TenantRequiredException(), ct);

    /// <summary>A connection that sees every tenant, for platform-wide work. Every use is logged with its reason.</summary>
    public async Task<NpgsqlConnection> OpenElevatedAsync(string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        logger.LogInformation("Elevated database scope opened: {Reason} (request tenant {TenantId})", reason, tenant.TenantId);
        return await database.Elevated.OpenConnectionAsync(ct);
    }

    /// <summary>A connection confined to <paramref name="tenantId"/>, for code that runs outside a request.</summary>
    public static async Task<NpgsqlConnection> OpenForTenantAsync(PlatformDatabase database, Guid tenantId, CancellationToken ct)
    {
        var connection = await database.Runtime.OpenConnectionAsync(ct);
        try
        {
            await TenantSession.ConfineToTenantAsync(connection, tenantId, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Row-level security reads the tenant from this session setting (see platform.current_tenant_id()).</summary>
public static class TenantSession
{
    public static async Task ConfineToTenantAsync(NpgsqlConnection connection, Guid tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('app.tenant_id', @tenant, false)", connection);
        command.Parameters.AddWithValue("tenant", tenantId.ToString());
        await command.ExecuteNonQueryAsync(ct);
    }
}

public sealed class TenantRequiredException(string message) : InvalidOperationException(message)
{
    public TenantRequiredException()
        : this("This operation needs a tenant, and the current scope has none.")
    {
    }
}
