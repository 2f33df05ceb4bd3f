using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Roles;

/// <summary>The current tenant's roles, always on a tenant-confined connection: another tenant's role is not found.</summary>
internal sealed class RoleStore(TenantDatabase db, IAccessChanges access)
{
    private const string Columns = "id, code, name, description, is_system, permissions, created_at, updated_at";

    public enum Outcome { Done, NotFound, System, InUse, CodeTaken }

    public async Task<IReadOnlyList<RoleView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM identity.roles ORDER BY is_system DESC, code", ct);
    }

    public async Task<RoleView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await QueryAsync(connection, null, $"SELECT {Columns} FROM identity.roles WHERE id = @id", ct, ("id", id))).SingleOrDefault();
    }

    public async Task<RoleView?> FindByCodeAsync(string code, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await QueryAsync(connection, null, $"SELECT {Columns} FROM identity.roles WHERE code = @code", ct, ("code", code))).SingleOrDefault();
    }

    public async Task<(Outcome, RoleView?)> CreateAsync(Guid tenantId, string code, string name, string description, string[] permissions, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await QueryAsync(connection, null,
            $"INSERT INTO identity.roles (tenant_id, code, name, description, permissions) VALUES (@tenant, @code, @name, @description, @permissions) " +
            $"ON CONFLICT (tenant_id, code) DO NOTHING RETURNING {Columns}",
            ct, ("tenant", tenantId), ("code", code), ("name", name), ("description", description), ("permissions", permissions));
        return rows.Count == 0 ? (Outcome.CodeTaken, null) : (Outcome.Done, rows[0]);
    }

    public async Task<(Outcome, RoleView?)> UpdateAsync(Guid tenantId, Guid id, string? name, string? description, string[]? permissions, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = (await QueryAsync(connection, transaction, $"SELECT {Columns} FROM identity.roles WHERE id = @id FOR UPDATE", ct, ("id", id))).SingleOrDefault();
        if (current is null || current.IsSystem)
        {
            return (current is null ? Outcome.NotFound : Outcome.System, current);
        }
        var role = (await QueryAsync(connection, transaction,
            $"UPDATE identity.roles SET name = coalesce(@name, name), description = coalesce(@description, description), " +
            $"permissions = coalesce(@permissions, permissions), updated_at = now() WHERE id = @id RETURNING {Columns}",
            ct, ("id", id), ("name", name), ("description", description), ("permissions", permissions))).Single();
        // Holders of the role gain or lose permissions at their next request.
        await access.TenantChangedAsync(tenantId, connection, ct);
        await transaction.CommitAsync(ct);
        return (Outcome.Done, role);
    }

    public async Task<Outcome> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = (await QueryAsync(connection, transaction, $"SELECT {Columns} FROM identity.roles WHERE id = @id FOR UPDATE", ct, ("id", id))).SingleOrDefault();
        if (current is null || current.IsSystem)
        {
            return current is null ? Outcome.NotFound : Outcome.System;
        }
        try
        {
            await using var delete = new NpgsqlCommand("DELETE FROM identity.roles WHERE id = @id", connection, transaction);
            delete.Parameters.AddWithValue("id", id);
            await delete.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return Outcome.Done;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // user_roles has no cascade to roles: a role someone holds cannot go.
            return Outcome.InUse;
        }
    }

    internal static async Task<IReadOnlyList<RoleView>> QueryAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        // Typed nulls: coalesce(@permissions, …) needs text[] even when no permissions were sent.
        if (command.Parameters.Contains("permissions"))
        {
            command.Parameters["permissions"].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text;
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var roles = new List<RoleView>();
        while (await reader.ReadAsync(ct))
        {
            roles.Add(new RoleView(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
                reader.GetFieldValue<string[]>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return roles;
    }
}
