using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Tenants;
using OmniBots.Identity.Users;
using OmniBots.Platform.Tenancy;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Bootstrap;

/// <summary>
/// With <c>Identity:DemoTenant</c> on (as <c>run.sh</c> sets it), the first start creates a partner,
/// a provisioned tenant <c>demo</c> (every registered provisioning step runs, so later modules'
/// sample content comes with it) and its admin with a temporary password, logged once and to be
/// changed at first sign-in — so a fresh install can be signed into at once. Off by default.
/// </summary>
internal sealed class DemoTenantSeeder(
    IServiceScopeFactory scopes, IOptions<IdentitySettings> settings, ILogger<DemoTenantSeeder> logger) : IHostedService
{
    public const string Slug = "demo";
    public const string AdminEmail = "admin@demo.localhost";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.DemoTenant)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var database = services.GetRequiredService<TenantDatabase>();
        Guid partnerId;
        await using (var connection = await database.OpenElevatedAsync("demo tenant seed", cancellationToken))
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM tenancy.tenants WHERE slug = @slug", connection);
            exists.Parameters.AddWithValue("slug", Slug);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                logger.LogInformation("Demo tenant '{Slug}' exists; its admin is {Email}", Slug, AdminEmail);
                return;
            }
            await using var partner = new NpgsqlCommand("INSERT INTO tenancy.partners (name) VALUES ('Demo partner') RETURNING id", connection);
            partnerId = (Guid)(await partner.ExecuteScalarAsync(cancellationToken))!;
        }
        var tenant = await services.GetRequiredService<TenantAdminStore>()
            .CreateAsync(partnerId, "Demo", Slug, new TenantSettings(), cancellationToken);
        if (tenant is null)
        {
            return; // Another replica seeded it at the same moment.
        }
        services.GetRequiredService<ITenantContext>().Set(tenant.Id);
        var (_, _, _, password) = await services.GetRequiredService<TemporaryPasswords>().CreateAsync(
            tenant.Id, new NewUser(AdminEmail, "Demo admin", SystemRoles.TenantAdmin, [SystemRoles.TenantAdmin]), cancellationToken);
        logger.LogWarning(
            "Demo tenant '{Slug}' created. Sign in with POST /api/v1/auth/sign-in {{\"tenant\": \"{Slug}\", \"email\": \"{Email}\", " +
            "\"password\": \"{Password}\"}}: a temporary password, to be changed at first sign-in (POST /api/v1/auth/change-password)",
            Slug, Slug, AdminEmail, password);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
