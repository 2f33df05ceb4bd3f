using Npgsql;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.ApiKeys;

/// <summary>An API key as listed: everything but the secret, which is never stored nor shown again.</summary>
internal sealed record ApiKeyView(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Permissions, Guid? CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The current tenant's API keys, always on a connection confined to it: another tenant's key is simply not found.</summary>
internal sealed class ApiKeyStore(TenantDatabase database, ApiKeyCache cache, TimeProvider time)
{
    private const string Columns = "id, name, prefix, permissions, created_by, created_at, expires_at, last_used_at, revoked_at";

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM identity.api_keys ORDER BY created_at DESC, id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<ApiKeyView>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(Read(reader));
        }
        return keys;
    }

    public async Task<(ApiKeyView View, string Key)> CreateAsync(Guid tenantId, Guid createdBy, string name, string[] permissions, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var (prefix, secret, key) = ApiKeyFormat.Create();
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO identity.api_keys (tenant_id, name, prefix, secret_hash, permissions, created_by, created_at, expires_at)
            VALUES (@tenant, @name, @prefix, @hash, @permissions, @by, @now, @expires)
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("hash", Authentication.OpaqueSecrets.Hash(secret));
        command.Parameters.AddWithValue("permissions", permissions);
        command.Parameters.AddWithValue("by", createdBy);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("expires", expiresAt is { } e ? e : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (Read(reader), key);
    }

    /// <summary>False when there is no such key in this tenant or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(
            "UPDATE identity.api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL RETURNING prefix", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        if (await command.ExecuteScalarAsync(ct) is not string prefix)
        {
            return false;
        }
        await cache.RevokedAsync(connection, prefix, ct);
        await transaction.CommitAsync(ct);
        // Again after commit: a request between the first eviction and the commit may have re-read the unrevoked row.
        cache.Forget(prefix);
        return true;
    }

    public async Task<bool> ExistsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1 FROM identity.api_keys WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private static ApiKeyView Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
        reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));
}
