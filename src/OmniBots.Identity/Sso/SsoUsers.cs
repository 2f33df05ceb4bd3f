using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Sso;

internal sealed record SsoUser(Guid Id, string Status, Guid SecurityStamp, bool Created);

/// <summary>Finds the tenant user an SSO email names, or creates one with the connection's default role.</summary>
internal sealed class SsoUsers(PlatformDatabase database, TimeProvider time)
{
    public async Task<SsoUser?> FindOrCreateAsync(Guid tenantId, string email, bool create, string defaultRole, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using (var find = new NpgsqlCommand("SELECT id, status, security_stamp FROM identity.users WHERE lower(email) = lower(@email)", connection))
        {
            find.Parameters.AddWithValue("email", email);
            await using var reader = await find.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return new SsoUser(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), false);
            }
        }
        if (!create)
        {
            return null;
        }
        // The user type follows the default role when it is a system role; a custom role's users are viewers by type.
        var userType = SystemRoles.IsUserType(defaultRole) ? defaultRole : SystemRoles.Viewer;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = new NpgsqlCommand("""
            WITH created AS (
                INSERT INTO identity.users (tenant_id, email, user_type, status, created_at, updated_at)
                VALUES (@tenant, @email, @type, 'active', @now, @now)
                ON CONFLICT DO NOTHING
                RETURNING id, security_stamp)
            , granted AS (
                INSERT INTO identity.user_roles (tenant_id, user_id, role_id)
                SELECT @tenant, created.id, r.id FROM created, identity.roles r WHERE r.code = @role)
            SELECT id, security_stamp FROM created
            """, connection, transaction);
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("email", email);
        insert.Parameters.AddWithValue("type", userType);
        insert.Parameters.AddWithValue("role", defaultRole);
        insert.Parameters.AddWithValue("now", time.GetUtcNow());
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                // Created by a concurrent sign-in a moment ago: the caller may try again.
                return null;
            }
            var user = new SsoUser(reader.GetGuid(0), "active", reader.GetGuid(1), true);
            await reader.CloseAsync();
            await transaction.CommitAsync(ct);
            return user;
        }
    }
}
