using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;
using OmniBots.Identity.SignIn;

namespace OmniBots.Identity.Credentials;

/// <summary>Stores a new password: hash, change time, a new security stamp (every credential issued
/// with the old one stops working) and whether it must be changed at next sign-in; then tells every
/// replica at commit.</summary>
internal sealed class PasswordWriter(Passwords passwords, IAccessChanges access, TimeProvider time)
{
    /// <param name="activate">Also turns an invited user active (accepting an invitation).</param>
    public async Task SetAsync(NpgsqlConnection connection, Guid? tenantId, Guid userId, string password, bool mustChange, bool activate, CancellationToken ct)
    {
        var tables = AccountTables.For(tenantId);
        var status = activate ? ", status = 'active'" : "";
        await using var command = new NpgsqlCommand($"""
            UPDATE {tables.Users} SET password_hash = @hash, password_changed_at = @now, security_stamp = gen_random_uuid(),
                must_change_password = @must, updated_at = @now{status}
            WHERE id = @id
            """, connection);
        command.Parameters.AddWithValue("hash", passwords.Hash(password));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("must", mustChange);
        command.Parameters.AddWithValue("id", userId);
        await command.ExecuteNonQueryAsync(ct);
        await access.UserChangedAsync(tenantId, userId, connection, ct);
    }
}
