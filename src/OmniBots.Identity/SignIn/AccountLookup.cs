using Npgsql;
using OmniBots.Identity.Sessions;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.SignIn;

internal sealed record SignInAccount(Guid Id, Guid? TenantId, string Status, string? PasswordHash, Guid SecurityStamp, DateTimeOffset? PasswordChangedAt, bool MustChangePassword = false);

/// <summary>
/// Finds the account an email names at sign-in. The tenant is named by slug before any tenant scope
/// exists, so only that lookup uses the logged elevated scope (through Tenancy's directory); the
/// user is then read on a connection confined to the tenant. Platform staff (no tenant) are read
/// through the elevated scope, their tables being elevated-only.
/// </summary>
internal sealed class AccountLookup(ITenantDirectory tenants, AccountConnections connections)
{
    public const string Reason = "sign-in lookup";

    public async Task<(TenantInfo? Tenant, SignInAccount? Account)> FindAsync(string? tenantSlug, string email, CancellationToken ct)
    {
        TenantInfo? tenant = null;
        if (tenantSlug is not null)
        {
            tenant = await tenants.FindBySlugAsync(tenantSlug, Reason, ct);
            if (tenant is null)
            {
                return (null, null);
            }
        }
        var tables = AccountTables.For(tenant?.Id);
        await using var connection = await connections.OpenAsync(tenant?.Id, Reason, ct);
        await using var command = new NpgsqlCommand(
            $"SELECT id, status, password_hash, security_stamp, password_changed_at, must_change_password FROM {tables.Users} WHERE lower(email) = lower(@email)",
            connection);
        command.Parameters.AddWithValue("email", email);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return (tenant, null);
        }
        return (tenant, new SignInAccount(reader.GetGuid(0), tenant?.Id, reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetGuid(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5)));
    }

    /// <summary>Stores a new hash of the same password when the hasher's format or iteration count moved on.</summary>
    public async Task RehashAsync(SignInAccount account, string newHash, CancellationToken ct)
    {
        var tables = AccountTables.For(account.TenantId);
        await using var connection = await connections.OpenAsync(account.TenantId, "password rehash", ct);
        await using var command = new NpgsqlCommand($"UPDATE {tables.Users} SET password_hash = @hash WHERE id = @id AND password_hash = @old", connection);
        command.Parameters.AddWithValue("hash", newHash);
        command.Parameters.AddWithValue("id", account.Id);
        command.Parameters.AddWithValue("old", account.PasswordHash!);
        await command.ExecuteNonQueryAsync(ct);
    }
}
