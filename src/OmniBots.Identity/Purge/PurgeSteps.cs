using Npgsql;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Purge;

/// <summary>Runs statements with <c>@tenant</c> bound to the purged tenant, in order.</summary>
internal static class PurgeSql
{
    public static async Task RunAsync(TenantPurgeContext context, CancellationToken ct, params string[] statements)
    {
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, context.Connection, context.Transaction);
            command.Parameters.AddWithValue("tenant", context.TenantId);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>The identity module's tenant rows, children before parents (user_roles keeps roles in use).</summary>
internal sealed class IdentityPurgeStep : ITenantPurgeStep
{
    public Task PurgeAsync(TenantPurgeContext context, CancellationToken ct) => PurgeSql.RunAsync(context, ct,
        "DELETE FROM identity.refresh_tokens WHERE tenant_id = @tenant",
        "DELETE FROM identity.sessions WHERE tenant_id = @tenant",
        "DELETE FROM identity.api_keys WHERE tenant_id = @tenant",
        "DELETE FROM identity.user_roles WHERE tenant_id = @tenant",
        "DELETE FROM identity.users WHERE tenant_id = @tenant",
        "DELETE FROM identity.roles WHERE tenant_id = @tenant");
}

/// <summary>The tenant's jobs (the platform owns the queue; the purge job itself is a platform job).</summary>
internal sealed class JobsPurgeStep : ITenantPurgeStep
{
    public Task PurgeAsync(TenantPurgeContext context, CancellationToken ct)
        => PurgeSql.RunAsync(context, ct, "DELETE FROM platform.jobs WHERE tenant_id = @tenant");
}

/// <summary>The tenant's audit entries, through the one function allowed to delete from the append-only log.</summary>
internal sealed class AuditPurgeStep : ITenantPurgeStep
{
    public Task PurgeAsync(TenantPurgeContext context, CancellationToken ct)
        => PurgeSql.RunAsync(context, ct, "SELECT platform.purge_tenant_audit(@tenant)");
}
