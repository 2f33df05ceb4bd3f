using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;
using OmniBots.Platform.Tenancy;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Access;

/// <summary>Reads a user's status, roles and permissions, and a tenant's state, each in its own DI
/// scope so the cache (a singleton) can call it from anywhere.</summary>
internal sealed class AccessLoader(IServiceScopeFactory scopes)
{
    private const string TenantUserSql = """
        SELECT u.email, u.display_name, u.status, u.user_type, u.security_stamp, r.code, r.permissions
        FROM identity.users u
        LEFT JOIN identity.user_roles ur ON ur.tenant_id = u.tenant_id AND ur.user_id = u.id
        LEFT JOIN identity.roles r ON r.tenant_id = ur.tenant_id AND r.id = ur.role_id
        WHERE u.id = @id
        """;

    private const string PlatformUserSql = """
        SELECT email, display_name, status, platform_role, security_stamp, partner_id
        FROM identity.platform_users WHERE id = @id
        """;

    public async Task<UserAccess?> LoadUserAsync(Guid? tenantId, Guid userId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<AccountConnections>();
        await using var connection = await connections.OpenAsync(tenantId, "platform staff access", ct);
        return tenantId is { } tenant
            ? await ReadTenantUserAsync(connection, tenant, userId, ct)
            : await ReadPlatformUserAsync(connection, userId, ct);
    }

    public async Task<TenantState?> LoadTenantAsync(Guid tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId);
        var tenant = await scope.ServiceProvider.GetRequiredService<ITenantDirectory>().FindCurrentAsync(ct);
        return tenant is null ? null : new TenantState(tenant.Id, tenant.Slug, tenant.Name, tenant.Status, tenant.Settings);
    }

    private static async Task<UserAccess?> ReadTenantUserAsync(NpgsqlConnection connection, Guid tenantId, Guid userId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(TenantUserSql, connection);
        command.Parameters.AddWithValue("id", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        UserAccess? user = null;
        var roles = new List<string>();
        var permissions = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            user ??= new UserAccess(userId, tenantId, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetGuid(4), roles, permissions, null, null);
            if (!reader.IsDBNull(5))
            {
                roles.Add(reader.GetString(5));
                permissions.AddRange(reader.GetFieldValue<string[]>(6));
            }
        }
        return user is null ? null : user with
        {
            Roles = [.. roles.Order(StringComparer.Ordinal)],
            Permissions = PermissionCatalogue.KnownOnly(permissions),
        };
    }

    private static async Task<UserAccess?> ReadPlatformUserAsync(NpgsqlConnection connection, Guid userId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PlatformUserSql, connection);
        command.Parameters.AddWithValue("id", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new UserAccess(userId, null, reader.GetString(0), reader.GetString(1), reader.GetString(2), null, reader.GetGuid(4),
            [], [], reader.GetString(3), reader.IsDBNull(5) ? null : reader.GetGuid(5));
    }
}
