using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Sso;

/// <summary>A tenant's connection as the API shows it: never the client secret.</summary>
internal sealed record SsoConnectionView(
    Guid Id, Guid ProviderId, string ProviderKind, string ClientId, IReadOnlyList<string> AllowedDomains, bool AutoCreateUsers, string DefaultRole, DateTimeOffset CreatedAt);

/// <summary>What the sign-in flow needs: the connection with its protected secret and its provider.</summary>
internal sealed record SsoConnection(SsoConnectionView View, string ProtectedClientSecret, SsoProviderView Provider);

/// <summary>Tenant SSO connections, always on a connection confined to the tenant.</summary>
internal sealed class SsoConnections(PlatformDatabase database, TimeProvider time)
{
    private const string Select = """
        SELECT c.id, c.provider_id, p.kind, c.client_id, c.allowed_domains, c.auto_create_users, c.default_role, c.created_at, c.client_secret,
               p.id, p.kind, p.name, p.issuer, p.discovery_url, p.enabled, p.created_at
        FROM identity.sso_connections c JOIN identity.sso_providers p ON p.id = c.provider_id
        """;

    public async Task<IReadOnlyList<SsoConnectionView>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand(Select + " ORDER BY c.created_at, c.id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<SsoConnectionView>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader).View);
        }
        return list;
    }

    public async Task<SsoConnection?> FindAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand(Select + " WHERE c.id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<bool> ProviderEnabledAsync(Guid tenantId, Guid providerId, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand("SELECT 1 FROM identity.sso_providers WHERE id = @id AND enabled", connection);
        command.Parameters.AddWithValue("id", providerId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<bool> RoleExistsAsync(Guid tenantId, string code, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand("SELECT 1 FROM identity.roles WHERE code = @code", connection);
        command.Parameters.AddWithValue("code", code);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<Guid> CreateAsync(Guid tenantId, Guid providerId, string clientId, string protectedSecret, string[] domains, bool autoCreate, string defaultRole, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO identity.sso_connections (tenant_id, provider_id, client_id, client_secret, allowed_domains, auto_create_users, default_role, created_at)
            VALUES (@tenant, @provider, @client, @secret, @domains, @auto, @role, @now) RETURNING id
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("provider", providerId);
        command.Parameters.AddWithValue("client", clientId);
        command.Parameters.AddWithValue("secret", protectedSecret);
        command.Parameters.AddWithValue("domains", domains);
        command.Parameters.AddWithValue("auto", autoCreate);
        command.Parameters.AddWithValue("role", defaultRole);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return (Guid)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand("DELETE FROM identity.sso_connections WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    private static SsoConnection Read(NpgsqlDataReader reader) => new(
        new SsoConnectionView(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4),
            reader.GetBoolean(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)),
        reader.GetString(8),
        SsoProviders.Read(reader, 9));
}
