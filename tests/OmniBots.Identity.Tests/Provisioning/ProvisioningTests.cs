using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Identity.Contracts;
using Xunit;

namespace OmniBots.Identity.Tests.Provisioning;

public sealed class ProvisioningTests(ProvisioningTests.Fixture fixture) : IClassFixture<ProvisioningTests.Fixture>
{
    public sealed class Fixture : IdentityFixture
    {
        protected override void ConfigureServices(IServiceCollection services) => services.AddTenantProvisioningStep<SampleStep>();
    }

    /// <summary>Another module's step: writes a row of the new tenant, and fails for slugs starting with "fail-".</summary>
    private sealed class SampleStep : ITenantProvisioningStep
    {
        public async Task ProvisionAsync(TenantProvisioningContext context, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO identity.roles (tenant_id, code, name) VALUES (@tenant, 'sample', 'Sample') ON CONFLICT DO NOTHING", context.Connection, context.Transaction);
            command.Parameters.AddWithValue("tenant", context.TenantId);
            await command.ExecuteNonQueryAsync(ct);
            if (context.Slug.StartsWith("fail-", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("sample step failed");
            }
        }
    }

    private Task<long> RolesAsync(Guid tenant) => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.roles WHERE tenant_id = @t", ("t", tenant));

    [Fact]
    public async Task Provisioning_CreatesTheSystemRoles_RunsOtherSteps_AndCanRunAgain()
    {
        var tenant = await fixture.Data.CreateTenantAsync();

        Assert.Equal(7, await RolesAsync(tenant.Id));
        var permissions = await fixture.Database.ScalarAsync<string[]>(
            "SELECT permissions FROM identity.roles WHERE tenant_id = @t AND code = 'tenant_admin' AND is_system", ("t", tenant.Id));
        Assert.Equal(PermissionCatalogue.All.Select(p => p.Code).Order(), permissions!.Order());
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ITenantProvisioner>()
            .ProvisionAsync(new TenantProvisioningRequest(tenant.Id, tenant.PartnerId, "Again", tenant.Slug), CancellationToken.None);
        Assert.Equal(7, await RolesAsync(tenant.Id));
    }

    [Fact]
    public async Task AFailingStep_UndoesEveryStep()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Data.CreateTenantAsync("fail-" + Guid.NewGuid().ToString("N")[..8]));

        var roles = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM identity.roles r WHERE r.tenant_id IN (SELECT id FROM tenancy.tenants WHERE slug LIKE 'fail-%')");
        Assert.Equal(0, roles);
    }

    [Fact]
    public async Task StepsRunConfinedToTheNewTenant()
    {
        var other = await fixture.Data.CreateTenantAsync();
        var tenant = Guid.NewGuid();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var provisioner = scope.ServiceProvider.GetRequiredService<ITenantProvisioner>();
        await using var connection = await fixture.Database.OpenAsTenantAsync(tenant);
        await using var transaction = await connection.BeginTransactionAsync();
        await provisioner.ProvisionAsync(new TenantProvisioningRequest(tenant, Guid.NewGuid(), "New", "new-" + tenant.ToString("N")[..8]), connection, transaction, CancellationToken.None);

        await using var sneaky = new NpgsqlCommand("INSERT INTO identity.roles (tenant_id, code, name) VALUES (@other, 'sneaky', 'Sneaky')", connection, transaction);
        sneaky.Parameters.AddWithValue("other", other.Id);
        var error = await Assert.ThrowsAsync<PostgresException>(() => sneaky.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task RoleCodes_CannotChange()
    {
        var tenant = await fixture.Data.CreateTenantAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => fixture.Database.ExecuteAsync(
            "UPDATE identity.roles SET code = 'boss' WHERE tenant_id = @t AND code = 'viewer'", ("t", tenant.Id)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}
