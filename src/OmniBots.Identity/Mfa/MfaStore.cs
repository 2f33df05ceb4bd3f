using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Mfa;

internal sealed record TotpState(string ProtectedSecret, DateTimeOffset? ConfirmedAt, long? LastStep);

internal sealed record MfaUser(string Email, string Status, Guid SecurityStamp);

/// <summary>A user's authenticator and recovery codes, always on a connection confined to the user's tenant.</summary>
internal sealed class MfaStore(PlatformDatabase database, TimeProvider time)
{
    public Task<NpgsqlConnection> OpenAsync(Guid tenantId, CancellationToken ct) => TenantDatabase.OpenForTenantAsync(database, tenantId, ct);

    public async Task<MfaUser?> FindUserAsync(Guid tenantId, Guid userId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("SELECT email, status, security_stamp FROM identity.users WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new MfaUser(reader.GetString(0), reader.GetString(1), reader.GetGuid(2)) : null;
    }

    public async Task<TotpState?> GetTotpAsync(Guid tenantId, Guid userId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("SELECT secret, confirmed_at, last_step FROM identity.mfa_totp WHERE user_id = @user", connection);
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new TotpState(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    public async Task<bool> HasConfirmedTotpAsync(Guid tenantId, Guid userId, CancellationToken ct)
        => await GetTotpAsync(tenantId, userId, ct) is { ConfirmedAt: not null };

    /// <summary>Stores a new pending secret (replacing an earlier unconfirmed one). False when an authenticator is confirmed already.</summary>
    public async Task<bool> BeginEnrolmentAsync(Guid tenantId, Guid userId, string protectedSecret, CancellationToken ct)
    {
        await using var connection = await OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO identity.mfa_totp (tenant_id, user_id, secret, created_at) VALUES (@tenant, @user, @secret, @now)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, last_step = NULL
                WHERE identity.mfa_totp.confirmed_at IS NULL
            RETURNING 1
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("secret", protectedSecret);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>
    /// Records <paramref name="step"/> as used, only if it is later than the last one (so two
    /// requests racing with the same code cannot both win). <paramref name="confirm"/> accepts only a
    /// pending enrolment and confirms it; otherwise only a confirmed authenticator.
    /// </summary>
    public async Task<bool> AcceptStepAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid userId, long step, bool confirm, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE identity.mfa_totp SET last_step = @step, confirmed_at = COALESCE(confirmed_at, @now)
            WHERE user_id = @user AND (last_step IS NULL OR last_step < @step) AND (confirmed_at IS NULL) = @confirm
            RETURNING 1
            """, connection, transaction);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("step", step);
        command.Parameters.AddWithValue("confirm", confirm);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Replaces the user's recovery codes with new ones and returns them: the only time they exist in clear.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid userId, CancellationToken ct)
    {
        await using (var delete = new NpgsqlCommand("DELETE FROM identity.mfa_recovery_codes WHERE user_id = @user", connection, transaction))
        {
            delete.Parameters.AddWithValue("user", userId);
            await delete.ExecuteNonQueryAsync(ct);
        }
        var codes = Enumerable.Range(0, MfaSecrets.RecoveryCodeCount).Select(_ => MfaSecrets.NewRecoveryCode()).ToArray();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO identity.mfa_recovery_codes (tenant_id, user_id, code_hash, created_at)
            SELECT @tenant, @user, hash, @now FROM unnest(@hashes) AS hash
            """, connection, transaction);
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("user", userId);
        insert.Parameters.AddWithValue("hashes", codes.Select(MfaSecrets.HashRecoveryCode).ToArray());
        insert.Parameters.AddWithValue("now", time.GetUtcNow());
        await insert.ExecuteNonQueryAsync(ct);
        return codes;
    }

    /// <summary>Spends a recovery code; false when it is not one of the user's unused codes.</summary>
    public async Task<bool> UseRecoveryCodeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid userId, string code, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE identity.mfa_recovery_codes SET used_at = @now WHERE user_id = @user AND code_hash = @hash AND used_at IS NULL RETURNING 1",
            connection, transaction);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("hash", MfaSecrets.HashRecoveryCode(code));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<int> RecoveryCodesLeftAsync(Guid tenantId, Guid userId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM identity.mfa_recovery_codes WHERE user_id = @user AND used_at IS NULL", connection);
        command.Parameters.AddWithValue("user", userId);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Removes the authenticator and recovery codes, revokes trusted devices and spends open tickets; false when the user is not in this tenant.</summary>
    public async Task<bool> ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            DELETE FROM identity.mfa_totp WHERE user_id = @user;
            DELETE FROM identity.mfa_recovery_codes WHERE user_id = @user;
            UPDATE identity.mfa_trusted_devices SET revoked_at = @now WHERE user_id = @user AND revoked_at IS NULL;
            UPDATE identity.mfa_tickets SET used_at = @now WHERE user_id = @user AND used_at IS NULL;
            UPDATE identity.users SET security_stamp = gen_random_uuid(), updated_at = @now WHERE id = @user;
            """, connection, transaction);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        // The users UPDATE touches a row only when the user is in this tenant; the others cannot without it (foreign keys).
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }
}
