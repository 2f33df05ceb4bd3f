using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace OmniBots.Platform.Tenancy;

/// <summary>Sets <c>app.tenant_id</c> on every connection an EF Core context opens, so contexts
/// obey row-level security exactly like <see cref="TenantDatabase"/> connections.</summary>
internal sealed class TenantConnectionInterceptor(ITenantContext tenant) : DbConnectionInterceptor
{
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new TenantRequiredException();
        await TenantSession.ConfineToTenantAsync((NpgsqlConnection)connection, tenantId, cancellationToken);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        => throw new InvalidOperationException("Open tenant database connections asynchronously.");
}
