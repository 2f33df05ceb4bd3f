using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Sessions;

/// <summary>
/// Where an account's rows live. Tenant users, their sessions and refresh tokens are tenant-owned
/// and reached on a connection confined to their tenant; platform staff have parallel tables with
/// the same columns (less tenant_id) that only the logged elevated scope may read.
/// </summary>
internal sealed record AccountTables(string Users, string Sessions, string RefreshTokens, bool HasTenant)
{
    public static readonly AccountTables Tenant = new("identity.users", "identity.sessions", "identity.refresh_tokens", true);
    public static readonly AccountTables Platform = new("identity.platform_users", "identity.platform_sessions", "identity.platform_refresh_tokens", false);

    public static AccountTables For(Guid? tenantId) => tenantId is null ? Platform : Tenant;
}

/// <summary>Opens the right connection for an account: confined to its tenant, or elevated (logged) for platform staff.</summary>
internal sealed class AccountConnections(PlatformDatabase database, TenantDatabase tenantDatabase)
{
    public Task<NpgsqlConnection> OpenAsync(Guid? tenantId, string platformReason, CancellationToken ct)
        => tenantId is { } tenant
            ? TenantDatabase.OpenForTenantAsync(database, tenant, ct)
            : tenantDatabase.OpenElevatedAsync(platformReason, ct);
}
