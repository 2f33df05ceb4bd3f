using Npgsql;
using OmniBots.Identity.Authentication;

namespace OmniBots.Identity.Mfa;

internal sealed record TrustedDeviceView(Guid Id, string UserAgent, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt);

/// <summary>Devices that skip the MFA step for <see cref="Lifetime"/>: a random token in an HttpOnly
/// cookie (or kept by a token client), stored as SHA-256, revocable by its user.</summary>
internal sealed class TrustedDevices(MfaStore store, TimeProvider time)
{
    public const string CookieName = "omnibots_device";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public async Task<(string Token, DateTimeOffset ExpiresAt)> TrustAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid userId, string userAgent, CancellationToken ct)
    {
        var token = MfaSecrets.NewDeviceToken(tenantId);
        var now = time.GetUtcNow();
        await using var command = new NpgsqlCommand("""
            INSERT INTO identity.mfa_trusted_devices (tenant_id, user_id, token_hash, user_agent, created_at, expires_at)
            VALUES (@tenant, @user, @hash, @agent, @now, @expires)
            """, connection, transaction);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("hash", OpaqueSecrets.Hash(token));
        command.Parameters.AddWithValue("agent", userAgent.Length > 512 ? userAgent[..512] : userAgent);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", now + Lifetime);
        await command.ExecuteNonQueryAsync(ct);
        return (token, now + Lifetime);
    }

    /// <summary>True when the token is this user's, unrevoked and unexpired (and notes its use).</summary>
    public async Task<bool> IsTrustedAsync(string? token, Guid tenantId, Guid userId, CancellationToken ct)
    {
        if (MfaSecrets.TenantOf(token, MfaSecrets.DevicePrefix) != tenantId)
        {
            return false;
        }
        await using var connection = await store.OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("""
            UPDATE identity.mfa_trusted_devices SET last_used_at = @now
            WHERE token_hash = @hash AND user_id = @user AND revoked_at IS NULL AND expires_at > @now RETURNING 1
            """, connection);
        command.Parameters.AddWithValue("hash", OpaqueSecrets.Hash(token!));
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<IReadOnlyList<TrustedDeviceView>> ListAsync(Guid tenantId, Guid userId, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("""
            SELECT id, user_agent, created_at, expires_at, last_used_at FROM identity.mfa_trusted_devices
            WHERE user_id = @user AND revoked_at IS NULL AND expires_at > @now ORDER BY created_at DESC
            """, connection);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var devices = new List<TrustedDeviceView>();
        while (await reader.ReadAsync(ct))
        {
            devices.Add(new TrustedDeviceView(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return devices;
    }

    /// <summary>False when the user has no such device (another user's or tenant's id included).</summary>
    public async Task<bool> RevokeAsync(Guid tenantId, Guid userId, Guid deviceId, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand(
            "UPDATE identity.mfa_trusted_devices SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @id AND user_id = @user RETURNING 1", connection);
        command.Parameters.AddWithValue("id", deviceId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
