using Npgsql;

namespace OmniBots.Identity.Users;

internal sealed record NewUser(string Email, string DisplayName, string UserType, string[] Roles);

internal enum CreationFailure
{
    None,
    EmailTaken,
    UnknownRoles,
}

/// <summary>Inserts a user and its roles on a connection confined to its tenant, inside the caller's transaction.</summary>
internal static class UserCreation
{
    public static async Task<(Guid? UserId, CreationFailure Failure, string[] UnknownRoles)> InsertAsync(
        NpgsqlConnection connection, Guid tenantId, NewUser user, string status, string? passwordHash, bool mustChange, DateTimeOffset now, CancellationToken ct)
    {
        var roleIds = new List<Guid>();
        await using (var roles = new NpgsqlCommand("SELECT code, id FROM identity.roles WHERE code = ANY(@codes)", connection))
        {
            roles.Parameters.AddWithValue("codes", user.Roles);
            await using var reader = await roles.ExecuteReaderAsync(ct);
            var found = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                found.Add(reader.GetString(0));
                roleIds.Add(reader.GetGuid(1));
            }
            var unknown = user.Roles.Where(r => !found.Contains(r)).ToArray();
            if (unknown.Length > 0)
            {
                return (null, CreationFailure.UnknownRoles, unknown);
            }
        }
        Guid id;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO identity.users (tenant_id, email, display_name, user_type, status, password_hash, password_changed_at, must_change_password, created_at, updated_at)
            VALUES (@tenant, @email, @name, @type, @status, @hash, CASE WHEN @hash::text IS NULL THEN NULL ELSE @now END, @must, @now, @now)
            ON CONFLICT (tenant_id, lower(email)) DO NOTHING
            RETURNING id
            """, connection))
        {
            insert.Parameters.AddWithValue("tenant", tenantId);
            insert.Parameters.AddWithValue("email", user.Email);
            insert.Parameters.AddWithValue("name", user.DisplayName);
            insert.Parameters.AddWithValue("type", user.UserType);
            insert.Parameters.AddWithValue("status", status);
            insert.Parameters.AddWithValue("hash", (object?)passwordHash ?? DBNull.Value);
            insert.Parameters.AddWithValue("must", mustChange);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteScalarAsync(ct) is not Guid created)
            {
                return (null, CreationFailure.EmailTaken, []);
            }
            id = created;
        }
        await using (var grant = new NpgsqlCommand(
            "INSERT INTO identity.user_roles (tenant_id, user_id, role_id) SELECT @tenant, @user, unnest(@roles)", connection))
        {
            grant.Parameters.AddWithValue("tenant", tenantId);
            grant.Parameters.AddWithValue("user", id);
            grant.Parameters.AddWithValue("roles", roleIds.ToArray());
            await grant.ExecuteNonQueryAsync(ct);
        }
        return (id, CreationFailure.None, []);
    }
}
