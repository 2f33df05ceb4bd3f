using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Provisioning;

/// <summary>
/// Runs every <see cref="ITenantProvisioningStep"/> in one transaction on a connection confined to
/// the new tenant. Not the elevated pool: every row provisioning writes belongs to the new tenant,
/// so row-level security can prove that no step touches another tenant's data.
/// </summary>
internal sealed class TenantProvisioner(PlatformDatabase database, IEnumerable<ITenantProvisioningStep> steps, IAccessChanges access) : ITenantProvisioner
{
    public async Task ProvisionAsync(TenantProvisioningRequest tenant, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenant.TenantId, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ProvisionAsync(tenant, connection, transaction, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task ProvisionAsync(TenantProvisioningRequest tenant, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var context = new TenantProvisioningContext(tenant.TenantId, tenant.PartnerId, tenant.Name, tenant.Slug, connection, transaction);
        foreach (var step in steps)
        {
            await step.ProvisionAsync(context, ct);
        }
        // Re-provisioning an existing tenant may change its roles: replicas re-read at commit.
        await access.TenantChangedAsync(tenant.TenantId, connection, ct);
    }
}
