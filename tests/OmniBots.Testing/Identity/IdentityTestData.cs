using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;


namespace OmniBots.Testing.Identity;

public sealed record TestTenant(Guid Id, Guid PartnerId, string Slug);

public sealed record TestUser(Guid Id, TestTenant Tenant, string Email, string Password);

/// <summary>
/// Seeds tenants and users. Tenants: their rows by SQL (tenant administration is not built yet),
/// then the module's own provisioning (system roles). Users: by SQL with a real password hash and
/// their user type's system role, as invitations will create them.
/// </summary>
public sealed class IdentityTestData(OmniBotsHostFactory host)
{
    public const string Password = "correct horse battery staple";
    private static readonly Lazy<string> Hash = new(() => new PasswordHasher<object>().HashPassword(new object(), Password));

    public async Task<TestTenant> CreateTenantAsync(string? slug = null)
    {
        var id = Guid.NewGuid();
        var partner = Guid.NewGuid();
        slug ??= "t-" + id.ToString("N")[..12];
        await host.Database.ExecuteAsync(
            "INSERT INTO tenancy.partners (id, name) VALUES (@partner, 'Partner'); " +
            "INSERT INTO tenancy.tenants (id, partner_id, name, slug) VALUES (@id, @partner, @name, @slug)",
            ("partner", partner), ("id", id), ("name", "Tenant " + slug), ("slug", slug));
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ITenantProvisioner>()
            .ProvisionAsync(new TenantProvisioningRequest(id, partner, "Tenant " + slug, slug), CancellationToken.None);
        return new TestTenant(id, partner, slug);
    }

    public async Task<TestUser> CreateUserAsync(TestTenant tenant, string userType = SystemRoles.TenantAdmin, string status = "active", string? email = null, bool withPassword = true)
    {
        email ??= $"{userType}-{Guid.NewGuid():N}@example.com";
        var id = await host.Database.ScalarAsync<Guid>(
            "INSERT INTO identity.users (tenant_id, email, display_name, user_type, status, password_hash, password_changed_at) " +
            "VALUES (@tenant, @email, 'Test User', @type, @status, @hash, CASE WHEN @hash::text IS NULL THEN NULL ELSE now() END) RETURNING id",
            ("tenant", tenant.Id), ("email", email), ("type", userType), ("status", status), ("hash", withPassword ? Hash.Value : DBNull.Value));
        await host.Database.ExecuteAsync(
            "INSERT INTO identity.user_roles (tenant_id, user_id, role_id) SELECT tenant_id, @user, id FROM identity.roles WHERE tenant_id = @tenant AND code = @type",
            ("tenant", tenant.Id), ("user", id), ("type", userType));
        return new TestUser(id, tenant, email, Password);
    }

    public async Task<(TestTenant Tenant, TestUser User)> CreateTenantWithUserAsync(string userType = SystemRoles.TenantAdmin)
    {
        var tenant = await CreateTenantAsync();
        return (tenant, await CreateUserAsync(tenant, userType));
    }

    /// <summary>Changes a user's row as an administrator would, then tells the module as that code must.</summary>
    public async Task ChangeUserAsync(TestUser user, string sql)
    {
        await host.Database.ExecuteAsync(sql, ("id", user.Id), ("tenant", user.Tenant.Id));
        await host.Services.GetRequiredService<IAccessChanges>().UserChangedAsync(user.Tenant.Id, user.Id, null, CancellationToken.None);
    }

    public async Task SetTenantStatusAsync(TestTenant tenant, string status)
    {
        await host.Database.ExecuteAsync("UPDATE tenancy.tenants SET status = @status WHERE id = @id", ("status", status), ("id", tenant.Id));
        await host.Services.GetRequiredService<IAccessChanges>().TenantChangedAsync(tenant.Id, null, CancellationToken.None);
    }
}
