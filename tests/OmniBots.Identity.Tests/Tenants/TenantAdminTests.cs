using System.Net;
using System.Text.Json;
using OmniBots.Identity.Contracts;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Tenants;

public sealed class TenantAdminTests(TenantAdminTests.Fixture fixture) : IClassFixture<TenantAdminTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static object NewTenant(Guid? partnerId, string? slug = null, object? settings = null) => new
    {
        name = "Acme",
        slug = slug ?? "acme-" + Guid.NewGuid().ToString("N")[..10],
        partnerId,
        settings,
        admin = new { email = $"owner-{Guid.NewGuid():N}@acme.example.com", name = "Owner" },
    };

    private static async Task<JsonElement> CreateTenantAsync(HttpClient client, string token, Guid partnerId, string? slug = null)
        => (await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/tenants", token, NewTenant(partnerId, slug)), HttpStatusCode.Created))
            .GetProperty("tenant");

    [Fact]
    public async Task SuperAdmin_CreatesAPartnerAndATenant_ProvisionedWithAnInvitedAdmin()
    {
        var client = fixture.Host.CreateClient();
        var token = await Staff.SignedInAsync(fixture.Host, client);

        var partner = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/partners", token, new { name = "Reseller" }), HttpStatusCode.Created);
        var partnerId = partner.GetProperty("id").GetGuid();
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Patch, $"/api/v1/admin/partners/{partnerId}", token, new { name = "Reseller 2" }), HttpStatusCode.OK);
        var suspended = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{partnerId}/suspend", token), HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{partnerId}/resume", token), HttpStatusCode.OK);
        Assert.Contains((await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/partners", token), HttpStatusCode.OK)).EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Reseller 2");

        var created = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/tenants", token,
            NewTenant(partnerId, settings: new { sessionTimeoutMinutes = 60 })), HttpStatusCode.Created);
        var tenantId = created.GetProperty("tenant").GetProperty("id").GetGuid();
        Assert.Equal(60, created.GetProperty("tenant").GetProperty("settings").GetProperty("sessionTimeoutMinutes").GetInt32());

        Assert.Equal(SystemRoles.All.Count, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.roles WHERE tenant_id = @t AND is_system", ("t", tenantId)));
        var adminId = created.GetProperty("adminUserId").GetGuid();
        Assert.Equal("invited", await fixture.Database.ScalarAsync<string>("SELECT status FROM identity.users WHERE id = @id", ("id", adminId)));
        Assert.Equal("tenant_admin", await fixture.Database.ScalarAsync<string>(
            "SELECT r.code FROM identity.user_roles ur JOIN identity.roles r ON r.id = ur.role_id WHERE ur.user_id = @id", ("id", adminId)));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE tenant_id = @t AND action = 'tenant.created'", ("t", tenantId)));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE tenant_id = @t AND action = 'user.invited'", ("t", tenantId)));

        var page = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/tenants?status=active&limit=200", token), HttpStatusCode.OK);
        Assert.Contains(page.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == tenantId);
    }

    [Fact]
    public async Task BadInput_GetsProblemsNamingTheFields()
    {
        var client = fixture.Host.CreateClient();
        var token = await Staff.SignedInAsync(fixture.Host, client);
        var partnerId = await Staff.PartnerAsync(fixture.Host);

        var problem = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/tenants", token, new
        {
            name = "",
            slug = "Not A Slug",
            partnerId = Guid.NewGuid(),
            settings = new { sessionTimeoutMinutes = 5, timeZone = "Mars/Base" },
            admin = new { email = "not-an-email", name = "" },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(
            ["admin.email", "admin.name", "name", "partnerId", "settings.sessionTimeoutMinutes", "settings.timeZone", "slug"],
            ErrorFields(problem).Order(StringComparer.Ordinal));

        var existing = await CreateTenantAsync(client, token, partnerId);
        var taken = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/tenants", token,
            NewTenant(partnerId, existing.GetProperty("slug").GetString())), HttpStatusCode.BadRequest);
        Assert.Equal(["slug"], ErrorFields(taken));

        var id = existing.GetProperty("id").GetGuid();
        var badSettings = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Patch, $"/api/v1/admin/tenants/{id}", token,
            new { settings = new { passwordExpiryDays = 45 } }), HttpStatusCode.BadRequest);
        Assert.Equal(["settings.passwordExpiryDays"], ErrorFields(badSettings));
        var updated = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Patch, $"/api/v1/admin/tenants/{id}", token,
            new { settings = new { passwordExpiryDays = 90 } }), HttpStatusCode.OK);
        Assert.Equal(90, updated.GetProperty("settings").GetProperty("passwordExpiryDays").GetInt32());
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/tenants?limit=500", token), HttpStatusCode.BadRequest);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/partners", token, new { name = "" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PartnerAdmin_AdministersOnlyTheirPartnersTenants()
    {
        var client = fixture.Host.CreateClient();
        var super = await Staff.SignedInAsync(fixture.Host, client);
        var own = await Staff.PartnerAsync(fixture.Host);
        var other = await Staff.PartnerAsync(fixture.Host);
        var partnerAdmin = await Staff.SignedInAsync(fixture.Host, client, own);
        var othersTenant = (await CreateTenantAsync(client, super, other)).GetProperty("id").GetGuid();

        var mine = (await CreateTenantAsync(client, partnerAdmin, own)).GetProperty("id").GetGuid();

        var listed = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/tenants", partnerAdmin), HttpStatusCode.OK);
        Assert.Equal([mine], listed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, ""), (HttpMethod.Patch, ""), (HttpMethod.Post, "/suspend"), (HttpMethod.Post, "/resume"), (HttpMethod.Delete, ""),
        })
        {
            var response = await SendWithBearerAsync(client, method, $"/api/v1/admin/tenants/{othersTenant}{path}", partnerAdmin, method == HttpMethod.Patch ? new { name = "Mine now" } : null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal("active", await fixture.Database.ScalarAsync<string>("SELECT status FROM tenancy.tenants WHERE id = @id", ("id", othersTenant)));
        var refused = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/tenants", partnerAdmin, NewTenant(other)), HttpStatusCode.BadRequest);
        Assert.Equal(["partnerId"], ErrorFields(refused));
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/partners", partnerAdmin), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/partners", partnerAdmin, new { name = "x" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TenantUsers_AreForbiddenPlatformAdministration()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, user)).AccessToken;

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/v1/admin/partners"), (HttpMethod.Post, "/api/v1/admin/partners"),
            (HttpMethod.Get, "/api/v1/admin/tenants"), (HttpMethod.Post, "/api/v1/admin/tenants"),
            (HttpMethod.Get, $"/api/v1/admin/tenants/{tenant.Id}"), (HttpMethod.Post, $"/api/v1/admin/tenants/{tenant.Id}/suspend"),
            (HttpMethod.Delete, $"/api/v1/admin/tenants/{tenant.Id}"), (HttpMethod.Get, "/api/v1/admin/audit-log"),
        })
        {
            await ProblemAsync(await SendWithBearerAsync(client, method, path, token, method == HttpMethod.Post ? new { } : null), HttpStatusCode.Forbidden);
        }
        await ProblemAsync(await client.GetAsync(Url("/api/v1/admin/tenants")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Suspension_RevokesEverySessionAndRefusesSignIn_UntilResumed()
    {
        var client = fixture.Host.CreateClient();
        var super = await Staff.SignedInAsync(fixture.Host, client);
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var tokens = await SignInForTokensAsync(client, user);

        var suspended = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/tenants/{tenant.Id}/suspend", super), HttpStatusCode.OK);

        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, tokens.RefreshToken), HttpStatusCode.Unauthorized);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM identity.sessions WHERE tenant_id = @t AND revoked_at IS NULL", ("t", tenant.Id)));
        await ProblemAsync(await SignInAsync(client, user, "token"), HttpStatusCode.Forbidden);

        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/tenants/{tenant.Id}/resume", super), HttpStatusCode.OK);
        await SignInForTokensAsync(client, user);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE tenant_id = @t AND action = 'tenant.suspended'", ("t", tenant.Id)));
    }

    [Fact]
    public async Task Deletion_RefusesSignInAtOnce_ThenPurgesEveryRowOfTheTenant()
    {
        var client = fixture.Host.CreateClient();
        var super = await Staff.SignedInAsync(fixture.Host, client);
        var partnerId = await Staff.PartnerAsync(fixture.Host);
        var tenantId = (await CreateTenantAsync(client, super, partnerId)).GetProperty("id").GetGuid();
        var tenant = new TestTenant(tenantId, partnerId, await fixture.Database.ScalarAsync<string>("SELECT slug FROM tenancy.tenants WHERE id = @id", ("id", tenantId)) ?? "");
        var user = await fixture.Data.CreateUserAsync(tenant);
        var token = (await SignInForTokensAsync(client, user)).AccessToken;
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/api-keys", token, new { name = "k", permissions = new[] { Permissions.Bots.Read } }), HttpStatusCode.Created);
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/roles", token, new { code = "custom", name = "Custom", permissions = new[] { Permissions.Bots.Read } }), HttpStatusCode.Created);
        var (survivor, survivorUser) = await fixture.Data.CreateTenantWithUserAsync();
        await SeedEveryTenantTableAsync(tenantId);

        var deleting = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/admin/tenants/{tenantId}", super), HttpStatusCode.Accepted);

        Assert.Equal("deleting", deleting.GetProperty("status").GetString());
        Assert.NotEqual(HttpStatusCode.OK, (await SignInAsync(client, user, "token")).StatusCode);
        await Eventually.TrueAsync(
            async () => await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM tenancy.tenants WHERE id = @id", ("id", tenantId)) == 0,
            TimeSpan.FromSeconds(30), "the purge job deleted the tenant");
        await using var connection = await fixture.Database.OpenSuperuserAsync();
        var tables = await TenantOwnedTable.DiscoverAsync(connection);
        Assert.Contains(tables, t => t.ToString() == "platform.audit_log");
        foreach (var table in tables)
        {
            Assert.True(0 == await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM {table.QualifiedName} WHERE tenant_id = @t", ("t", tenantId)),
                $"{table} still has rows of the purged tenant");
        }
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE tenant_id IS NULL AND action = 'tenant.purged' AND target_id = @t", ("t", tenantId.ToString())));
        Assert.True(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.roles WHERE tenant_id = @t", ("t", survivor.Id)) > 0);
        await SignInForTokensAsync(client, survivorUser);
    }

    // A row of the tenant in every tenant-owned table, whichever module adds it: purge steps must
    // leave none, so a module that forgets its purge step fails here.
    private async Task SeedEveryTenantTableAsync(Guid tenantId)
    {
        await using var superuser = await fixture.Database.OpenSuperuserAsync();
        foreach (var table in await TenantOwnedTable.DiscoverAsync(superuser))
        {
            var insert = await SyntheticRows.InsertSqlAsync(superuser, table);
            await using var transaction = await superuser.BeginTransactionAsync();
            await using (var replica = new Npgsql.NpgsqlCommand("SET LOCAL session_replication_role = replica", superuser, transaction))
            {
                await replica.ExecuteNonQueryAsync();
            }
            await using (var command = new Npgsql.NpgsqlCommand(insert, superuser, transaction))
            {
                command.Parameters.AddWithValue("tenant", tenantId);
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
    }
}
