using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace OmniBots.Identity.Contracts;

/// <summary>
/// One module's part of deleting a tenant: removes every row the module keeps for it. Register with
/// <see cref="TenantPurgeRegistration.AddTenantPurgeStep{TStep}"/>. The <c>tenancy.purge</c> job runs
/// every step in registration order, in one transaction, then deletes the tenant row; a failing step
/// undoes the whole purge and the job is retried, so steps must be idempotent (plain <c>DELETE … WHERE
/// tenant_id = @tenant</c> is).
/// </summary>
public interface ITenantPurgeStep
{
    Task PurgeAsync(TenantPurgeContext context, CancellationToken ct);
}

/// <summary>The tenant being purged and the connection to delete on: the elevated role (the tenant
/// no longer exists for request code, and some tables are elevated-only or append-only for the
/// runtime role), inside <see cref="Transaction"/>. Delete only rows of <see cref="TenantId"/>.</summary>
public sealed record TenantPurgeContext(Guid TenantId, NpgsqlConnection Connection, NpgsqlTransaction Transaction);

public static class TenantPurgeRegistration
{
    public static IServiceCollection AddTenantPurgeStep<TStep>(this IServiceCollection services)
        where TStep : class, ITenantPurgeStep
        => services.AddScoped<ITenantPurgeStep, TStep>();

    /// <summary>Purges every table of <paramref name="schema"/> that has a <c>tenant_id</c> column (found in the
    /// catalogue at purge time, children before parents). Enough for a module whose data is all in its tables.</summary>
    public static IServiceCollection AddTenantSchemaPurge(this IServiceCollection services, string schema)
        => services.AddScoped<ITenantPurgeStep>(_ => new Purge.SchemaPurgeStep(schema));
}
