using Npgsql;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Provisioning;

/// <summary>Creates the tenant's system roles, one per user type, with the catalogue's permissions.</summary>
internal sealed class SystemRolesStep : ITenantProvisioningStep
{
    public async Task ProvisionAsync(TenantProvisioningContext context, CancellationToken ct)
    {
        foreach (var role in SystemRoles.All)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO identity.roles (tenant_id, code, name, description, is_system, permissions)
                VALUES (@tenant, @code, @name, @description, true, @permissions)
                ON CONFLICT (tenant_id, code) DO UPDATE
                SET name = EXCLUDED.name, description = EXCLUDED.description, permissions = EXCLUDED.permissions, updated_at = now()
                WHERE identity.roles.is_system
                """, context.Connection, context.Transaction);
            command.Parameters.AddWithValue("tenant", context.TenantId);
            command.Parameters.AddWithValue("code", role.Code);
            command.Parameters.AddWithValue("name", role.Name);
            command.Parameters.AddWithValue("description", role.Description);
            command.Parameters.AddWithValue("permissions", role.Permissions.ToArray());
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
