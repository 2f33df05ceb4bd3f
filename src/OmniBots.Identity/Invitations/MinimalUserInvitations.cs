using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Invitations;

/// <summary>
/// The smallest <see cref="IUserInvitations"/>: the invited user row, its roles and an audit entry,
/// no email. It exists so tenant provisioning has its first admin; the users feature's invitations
/// (email with an expiring link) replace this registration.
/// </summary>
internal sealed class MinimalUserInvitations(PlatformDatabase database, IAuditLog audit, IAccessChanges access) : IUserInvitations
{
    public async Task<Guid> InviteAsync(Guid tenantId, string email, string displayName, string userType, IReadOnlyList<string> roles, CancellationToken ct)
    {
        // Confined to the tenant named by the caller: row-level security keeps the rows in it.
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO identity.users (tenant_id, email, display_name, user_type, status) VALUES (@tenant, @email, @name, @type, 'invited') RETURNING id",
            connection, transaction);
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("email", email);
        insert.Parameters.AddWithValue("name", displayName);
        insert.Parameters.AddWithValue("type", userType);
        var id = (Guid)(await insert.ExecuteScalarAsync(ct))!;
        await using var grant = new NpgsqlCommand(
            "INSERT INTO identity.user_roles (tenant_id, user_id, role_id) SELECT tenant_id, @user, id FROM identity.roles WHERE code = ANY(@roles)",
            connection, transaction);
        grant.Parameters.AddWithValue("user", id);
        grant.Parameters.AddWithValue("roles", roles.ToArray());
        await grant.ExecuteNonQueryAsync(ct);
        await access.UserChangedAsync(tenantId, id, connection, ct);
        await transaction.CommitAsync(ct);
        await audit.RecordAsync(new AuditEntry("user.invited")
        {
            TenantId = tenantId, TargetType = "user", TargetId = id.ToString(), Details = new { userType, roles },
        }, ct);
        return id;
    }
}
