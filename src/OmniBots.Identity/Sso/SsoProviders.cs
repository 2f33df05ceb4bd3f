using Npgsql;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Sso;

internal sealed record SsoProviderView(Guid Id, string Kind, string Name, string Issuer, string DiscoveryUrl, bool Enabled, DateTimeOffset CreatedAt);

/// <summary>Platform-wide identity providers. Written by super admins (no tenant: the logged elevated scope).</summary>
internal sealed class SsoProviders(TenantDatabase database)
{
    private const string Columns = "id, kind, name, issuer, discovery_url, enabled, created_at";

    public async Task<IReadOnlyList<SsoProviderView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("sso providers", ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM identity.sso_providers ORDER BY name, id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var providers = new List<SsoProviderView>();
        while (await reader.ReadAsync(ct))
        {
            providers.Add(Read(reader));
        }
        return providers;
    }

    public async Task<SsoProviderView> CreateAsync(string kind, string name, string issuer, string discoveryUrl, bool enabled, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("sso provider created", ct);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO identity.sso_providers (kind, name, issuer, discovery_url, enabled) VALUES (@kind, @name, @issuer, @discovery, @enabled)
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("issuer", issuer);
        command.Parameters.AddWithValue("discovery", discoveryUrl);
        command.Parameters.AddWithValue("enabled", enabled);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return Read(reader);
    }

    public async Task<SsoProviderView?> SetEnabledAsync(Guid id, bool enabled, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("sso provider enabled/disabled", ct);
        await using var command = new NpgsqlCommand($"UPDATE identity.sso_providers SET enabled = @enabled WHERE id = @id RETURNING {Columns}", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("enabled", enabled);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    internal static SsoProviderView Read(NpgsqlDataReader reader, int at = 0) => new(
        reader.GetGuid(at), reader.GetString(at + 1), reader.GetString(at + 2), reader.GetString(at + 3), reader.GetString(at + 4),
        reader.GetBoolean(at + 5), reader.GetFieldValue<DateTimeOffset>(at + 6));
}
