using System.Net;
using Microsoft.AspNetCore.Builder;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Authorization;

/// <summary>RequirePermission, the mechanism every module's endpoints use, through a Testing-only endpoint.</summary>
public sealed class PermissionTests(PermissionTests.Fixture fixture) : IClassFixture<PermissionTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private const string Protected = "/_test/identity/bots";

    [Fact]
    public async Task Anonymous_GetsA401Problem()
    {
        var response = await fixture.Host.CreateClient().GetAsync(Url(Protected));

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AUserWithThePermission_IsLetThrough_AndOneWithout_GetsA403NamingIt()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var viewer = await SignInForTokensAsync(fixture.Host.CreateClient(), await fixture.Data.CreateUserAsync(tenant, SystemRoles.Viewer));
        var agent = await SignInForTokensAsync(fixture.Host.CreateClient(), await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent));
        var client = fixture.Host.CreateClient();

        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, Protected, viewer.AccessToken), HttpStatusCode.OK);
        var problem = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, Protected, agent.AccessToken), HttpStatusCode.Forbidden);
        Assert.Contains("'bots.read'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, Protected, viewer.AccessToken), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ChangingAUsersRoles_AppliesAtTheNextRequest()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var user = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, Protected, tokens.AccessToken), HttpStatusCode.Forbidden);

        await fixture.Data.ChangeUserAsync(user, """
            INSERT INTO identity.user_roles (tenant_id, user_id, role_id)
            SELECT tenant_id, @id, id FROM identity.roles WHERE tenant_id = @tenant AND code = 'bot_admin'
            """);

        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, Protected, tokens.AccessToken), HttpStatusCode.OK);
        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.OK);
        Assert.Equal(["agent", "bot_admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task PermissionCatalogue_ListsEveryAreaAndTheSystemRoles()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Viewer);
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);
        await ProblemAsync(await client.GetAsync(Url("/api/v1/permissions")), HttpStatusCode.Unauthorized);

        var catalogue = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/permissions", tokens.AccessToken), HttpStatusCode.OK);

        var areas = catalogue.GetProperty("permissions").EnumerateArray().Select(p => p.GetProperty("area").GetString()).Distinct().Order();
        Assert.Equal(["agent_desk", "analytics", "audit_log", "billing", "bots", "conversations", "flows", "integrations", "knowledge", "security", "settings", "tools", "users_roles"], areas);
        var roles = catalogue.GetProperty("systemRoles").EnumerateArray().Select(r => r.GetProperty("code").GetString()).Order();
        Assert.Equal(["agent", "analyst", "bot_admin", "supervisor", "tenant_admin", "viewer"], roles);
    }

    [Fact]
    public void RequirePermission_RefusesACodeOutsideTheCatalogue()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();

        Assert.Throws<ArgumentException>(() => app.MapGet("/x", () => "x").RequirePermission("bots.typo"));
    }

    [Fact]
    public async Task TheTestingHeaderScheme_StillWorksForFoundationTests()
    {
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Test-Tenant", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.Add("X-Test-Permissions", "bots.read");

        await JsonAsync(await client.GetAsync(Url(Protected)), HttpStatusCode.OK);
        await ProblemAsync(await client.PostAsync(Url(Protected), null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheIdentityEndpoints()
    {
        var document = await JsonAsync(await fixture.Host.CreateClient().GetAsync(Url("/openapi/v1.json")), HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        foreach (var path in new[] { "/api/v1/auth/sign-in", "/api/v1/auth/refresh", "/api/v1/auth/sign-out", "/api/v1/auth/sign-out-everywhere",
                     "/api/v1/auth/csrf", "/api/v1/me", "/api/v1/api-keys", "/api/v1/api-keys/{id}", "/api/v1/permissions", "/api/v1/setup/super-admin" })
        {
            Assert.Contains(path, paths);
        }
        Assert.DoesNotContain(paths, p => p.StartsWith("/_test/identity", StringComparison.Ordinal));
    }
}
