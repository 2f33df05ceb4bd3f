using Npgsql;
using OmniBots.Identity.SignIn;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Bootstrap;

/// <summary>The statements the first-super-admin paths share, on an elevated connection inside a transaction.</summary>
internal sealed class SuperAdmins(Passwords passwords, TimeProvider time)
{
    // Serialises replicas starting together and concurrent setup calls ("OBSUPER1").
    private const long LockKey = 0x4F425355_50455231;

    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<bool> AnyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM identity.platform_users WHERE platform_role = @role)", connection, transaction);
        command.Parameters.AddWithValue("role", PlatformClaims.SuperAdmin);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<Guid> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string email, string password, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO identity.platform_users (email, platform_role, status, password_hash, password_changed_at)
            VALUES (@email, @role, 'active', @hash, @now) RETURNING id
            """, connection, transaction);
        command.Parameters.AddWithValue("email", email);
        command.Parameters.AddWithValue("role", PlatformClaims.SuperAdmin);
        command.Parameters.AddWithValue("hash", passwords.Hash(password));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return (Guid)(await command.ExecuteScalarAsync(ct))!;
    }
}
