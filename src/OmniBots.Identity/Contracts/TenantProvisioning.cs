using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace OmniBots.Identity.Contracts;

/// <summary>
/// One module's part of creating a tenant (SPEC TEN-2): system roles here; a sample bot, a
/// knowledge base, a widget key in the modules that own them. Register with
/// <see cref="TenantProvisioningRegistration.AddTenantProvisioningStep{TStep}"/>. Steps run in
/// registration order, all in one transaction: one failing step undoes every step.
/// </summary>
public interface ITenantProvisioningStep
{
    Task ProvisionAsync(TenantProvisioningContext context, CancellationToken ct);
}

/// <summary>
/// The tenant being created and the connection to write its rows on. The connection runs as the
/// runtime role confined to <see cref="TenantId"/> (row-level security applies), inside
/// <see cref="Transaction"/>: a step can only write rows of the new tenant. Steps must be
/// idempotent (<c>ON CONFLICT DO NOTHING</c>): provisioning may run again on an existing tenant.
/// </summary>
public sealed record TenantProvisioningContext(
    Guid TenantId,
    Guid PartnerId,
    string Name,
    string Slug,
    NpgsqlConnection Connection,
    NpgsqlTransaction Transaction);

/// <summary>What the tenant administration calls once the tenant row exists.</summary>
public sealed record TenantProvisioningRequest(Guid TenantId, Guid PartnerId, string Name, string Slug);

/// <summary>Runs every registered <see cref="ITenantProvisioningStep"/>.</summary>
public interface ITenantProvisioner
{
    /// <summary>Opens a connection confined to the tenant, runs every step in one transaction and commits.</summary>
    Task ProvisionAsync(TenantProvisioningRequest tenant, CancellationToken ct);

    /// <summary>Runs every step inside the caller's transaction (for example the one that inserted the
    /// tenant row), on a connection the caller confined to the tenant; the caller commits.</summary>
    Task ProvisionAsync(TenantProvisioningRequest tenant, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}

public static class TenantProvisioningRegistration
{
    public static IServiceCollection AddTenantProvisioningStep<TStep>(this IServiceCollection services)
        where TStep : class, ITenantProvisioningStep
        => services.AddScoped<ITenantProvisioningStep, TStep>();
}
