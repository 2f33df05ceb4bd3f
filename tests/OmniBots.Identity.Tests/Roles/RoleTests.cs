using System.Net;
using System.Text.Json;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Roles;

public sealed class RoleTests(RoleTests.Fixture fixture) : IClassFixture<RoleTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static string[] Codes(params string[] codes) => codes;

    private async Task<(TestTenant Tenant, string Token, HttpClient Client)> AdminAsync()
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        return (tenant, (await SignInForTokensAsync(client, admin)).AccessToken, client);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string token, object body)
        => await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/roles", token, body), HttpStatusCode.Created);

    [Fact]
    public async Task CustomRole_CopiesPermissions_GrantsThemAfterAssignment_AndIsDeletableOnlyWhenUnused()
    {
        var (tenant, token, client) = await AdminAsync();
        var role = await CreateAsync(client, token, new { code = "qa_lead", name = "QA lead", copyFrom = SystemRoles.Agent, permissions = Codes(Permissions.Bots.Read) });
        var roleId = role.GetProperty("id").GetGuid();
        var expected = SystemRoles.All.Single(r => r.Code == SystemRoles.Agent).Permissions.Append(Permissions.Bots.Read).Order(StringComparer.Ordinal);
        Assert.Equal(expected, role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!));

        var viewer = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Viewer);
        var viewerToken = (await SignInForTokensAsync(client, viewer)).AccessToken;
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/users/{viewer.Id}/roles", token, new { roles = Codes("qa_lead") }), HttpStatusCode.OK);

        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", viewerToken), HttpStatusCode.OK);
        Assert.Contains(Permissions.AgentDesk.Write, me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain(Permissions.Analytics.Read, me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        var updated = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Patch, $"/api/v1/roles/{roleId}", token,
            new { name = "QA", permissions = Codes(Permissions.Analytics.Read) }), HttpStatusCode.OK);
        Assert.Equal("qa_lead", updated.GetProperty("code").GetString());
        me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", viewerToken), HttpStatusCode.OK);
        Assert.Equal([Permissions.Analytics.Read], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/roles/{roleId}", token), HttpStatusCode.Conflict);
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/users/{viewer.Id}/roles", token, new { roles = Codes(SystemRoles.Viewer) }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/roles/{roleId}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/roles/{roleId}", token)).StatusCode);
        Assert.Equal(["role.created", "role.deleted", "role.updated", "user.roles_changed", "user.roles_changed"], (await fixture.Database.ScalarAsync<string[]>(
            "SELECT array_agg(action ORDER BY action) FROM platform.audit_log WHERE tenant_id = @t AND action LIKE ANY (ARRAY['role.%', 'user.roles%'])",
            ("t", tenant.Id)))!);
    }

    [Fact]
    public async Task SystemRoles_CannotBeEditedOrDeleted()
    {
        var (_, token, client) = await AdminAsync();
        var roles = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/roles", token), HttpStatusCode.OK);
        var admin = roles.EnumerateArray().Single(r => r.GetProperty("code").GetString() == SystemRoles.TenantAdmin).GetProperty("id").GetGuid();

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Patch, $"/api/v1/roles/{admin}", token, new { name = "Boss" }), HttpStatusCode.Conflict);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/roles/{admin}", token), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task BadInput_GetsProblemsNamingTheField()
    {
        var (tenant, token, client) = await AdminAsync();
        var problem = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/roles", token,
            new { code = "Bad Code", name = "", permissions = Codes("bots.fly"), copyFrom = "nope" }), HttpStatusCode.BadRequest);
        Assert.Equal(["code", "copyFrom", "name", "permissions"], ErrorFields(problem).Order(StringComparer.Ordinal));
        Assert.Contains("bots.fly", problem.GetProperty("errors").GetProperty("permissions")[0].GetString(), StringComparison.Ordinal);

        var system = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/roles", token, new { code = SystemRoles.Agent, name = "x" }), HttpStatusCode.BadRequest);
        Assert.Equal(["code"], ErrorFields(system));
        await CreateAsync(client, token, new { code = "dup", name = "Dup" });
        Assert.Equal(["code"], ErrorFields(await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/roles", token, new { code = "dup", name = "Dup" }), HttpStatusCode.BadRequest)));

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/users/{Guid.NewGuid()}/roles", token, new { roles = Codes("viewer") }), HttpStatusCode.NotFound);
        var userId = (await fixture.Data.CreateUserAsync(tenant, SystemRoles.Viewer)).Id;
        var unknown = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/users/{userId}/roles", token, new { roles = Codes("ghost") }), HttpStatusCode.BadRequest);
        Assert.Equal(["roles"], ErrorFields(unknown));
    }

    [Fact]
    public async Task OtherTenantsAndUsersWithoutThePermission_AreRefused()
    {
        var (tenant, token, client) = await AdminAsync();
        var role = (await CreateAsync(client, token, new { code = "mine", name = "Mine" })).GetProperty("id").GetGuid();
        var user = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Viewer);
        var (_, otherToken, _) = await AdminAsync();
        var viewerToken = (await SignInForTokensAsync(client, user)).AccessToken;

        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/roles/{role}", otherToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Patch, $"/api/v1/roles/{role}", otherToken, new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/roles/{role}", otherToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/users/{user.Id}/roles", otherToken, new { roles = Codes("viewer") })).StatusCode);
        var otherList = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/roles", otherToken), HttpStatusCode.OK);
        Assert.DoesNotContain(otherList.EnumerateArray(), r => r.GetProperty("id").GetGuid() == role);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/roles", viewerToken), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/roles", viewerToken, new { code = "x1", name = "x" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Patch, $"/api/v1/roles/{role}", viewerToken, new { name = "x" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/roles/{role}", viewerToken), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/users/{user.Id}/roles", viewerToken, new { roles = Codes("tenant_admin") }), HttpStatusCode.Forbidden);
    }
}
