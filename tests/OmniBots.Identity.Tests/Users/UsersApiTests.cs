using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Users;

public sealed class UsersApiTests(UsersApiTests.Fixture fixture) : IClassFixture<UsersApiTests.Fixture>
{
    public sealed class Fixture : UsersFixture;

    private static readonly string[] UnknownRole = ["no_such_role"];

    private async Task<(TestTenant Tenant, TestUser Admin, string Token, HttpClient Client)> AdminAsync()
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        return (tenant, admin, (await SignInForTokensAsync(client, admin)).AccessToken, client);
    }

    private static Task<HttpResponseMessage> Call(HttpClient client, string token, HttpMethod method, string path, object? body = null)
        => SendWithBearerAsync(client, method, path, token, body);

    [Fact]
    public async Task List_FiltersSearchesAndPages_WithinTheTenantOnly()
    {
        var (tenant, admin, token, client) = await AdminAsync();
        var agent = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent, email: "zed.agent@example.com");
        await fixture.Data.CreateUserAsync(tenant, SystemRoles.Viewer, status: "suspended");
        var (_, stranger) = await fixture.Data.CreateTenantWithUserAsync();

        var all = await JsonAsync(await Call(client, token, HttpMethod.Get, "/api/v1/users"), HttpStatusCode.OK);
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetGuid() == stranger.Id);
        Assert.DoesNotContain("passwordHash", all.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var agents = await JsonAsync(await Call(client, token, HttpMethod.Get, "/api/v1/users?type=agent"), HttpStatusCode.OK);
        Assert.Equal(agent.Id, Assert.Single(agents.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var suspended = await JsonAsync(await Call(client, token, HttpMethod.Get, "/api/v1/users?status=suspended"), HttpStatusCode.OK);
        Assert.Equal(1, suspended.GetProperty("total").GetInt32());
        var search = await JsonAsync(await Call(client, token, HttpMethod.Get, "/api/v1/users?search=ZED.AG"), HttpStatusCode.OK);
        Assert.Equal(agent.Id, Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var literal = await JsonAsync(await Call(client, token, HttpMethod.Get, "/api/v1/users?search=%25"), HttpStatusCode.OK);
        Assert.Equal(0, literal.GetProperty("total").GetInt32());
        var page = await JsonAsync(await Call(client, token, HttpMethod.Get, "/api/v1/users?limit=2&offset=2"), HttpStatusCode.OK);
        Assert.Single(page.GetProperty("items").EnumerateArray());

        var bad = await ProblemAsync(await Call(client, token, HttpMethod.Get, "/api/v1/users?status=gone&type=boss&limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["limit", "status", "type"], ErrorFields(bad).Order());
        var one = await JsonAsync(await Call(client, token, HttpMethod.Get, $"/api/v1/users/{admin.Id}"), HttpStatusCode.OK);
        Assert.Equal(["tenant_admin"], one.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task TemporaryPassword_IsShownOnce_AndMustBeChangedBeforeSignIn()
    {
        var (tenant, _, token, client) = await AdminAsync();
        var email = $"temp-{Guid.NewGuid():N}@example.com";

        var created = await JsonAsync(await Call(client, token, HttpMethod.Post, "/api/v1/users",
            new { email, displayName = "Temp", userType = "agent" }), HttpStatusCode.Created);
        var password = created.GetProperty("temporaryPassword").GetString()!;
        var id = created.GetProperty("user").GetProperty("id").GetGuid();
        Assert.True(created.GetProperty("user").GetProperty("mustChangePassword").GetBoolean());
        var read = await Call(client, token, HttpMethod.Get, $"/api/v1/users/{id}");
        Assert.DoesNotContain(password, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var refused = await ProblemAsync(await SignInAsync(client, tenant.Slug, email, password, "token"), HttpStatusCode.Forbidden);
        Assert.True(refused.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal("temporary", refused.GetProperty("reason").GetString());

        var newPassword = "a brand new long passphrase";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync(Url("/api/v1/auth/change-password"),
            new { tenant = tenant.Slug, email, currentPassword = password, newPassword })).StatusCode);
        await SignInForTokensAsync(client, tenant.Slug, email, newPassword);
        await ProblemAsync(await SignInAsync(client, tenant.Slug, email, password, "token"), HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DuplicateEmail_IsAConflictNamingEmail_AndBadInputNamesTheFields()
    {
        var (tenant, _, token, client) = await AdminAsync();
        var existing = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent);

        var conflict = await ProblemAsync(await Call(client, token, HttpMethod.Post, "/api/v1/users/invite",
            new { email = existing.Email.ToUpperInvariant(), displayName = "Dup", userType = "agent" }), HttpStatusCode.Conflict);
        Assert.Equal(["email"], ErrorFields(conflict));
        await ProblemAsync(await Call(client, token, HttpMethod.Post, "/api/v1/users",
            new { email = existing.Email, displayName = "Dup", userType = "agent" }), HttpStatusCode.Conflict);

        var bad = await ProblemAsync(await Call(client, token, HttpMethod.Post, "/api/v1/users/invite",
            new { email = "not-an-email", displayName = new string('x', 201), userType = "boss" }), HttpStatusCode.BadRequest);
        Assert.Equal(["displayName", "email", "userType"], ErrorFields(bad).Order());
        var roles = await ProblemAsync(await Call(client, token, HttpMethod.Post, "/api/v1/users/invite",
            new { email = $"r-{Guid.NewGuid():N}@example.com", displayName = "R", userType = "agent", roles = UnknownRole }), HttpStatusCode.BadRequest);
        Assert.Equal(["roles"], ErrorFields(roles));

        var update = await ProblemAsync(await Call(client, token, HttpMethod.Patch, $"/api/v1/users/{existing.Id}",
            new { locale = "english please", timeZone = "Mars/Olympus", userType = "boss" }), HttpStatusCode.BadRequest);
        Assert.Equal(["locale", "timeZone", "userType"], ErrorFields(update).Order());
        var updated = await JsonAsync(await Call(client, token, HttpMethod.Patch, $"/api/v1/users/{existing.Id}",
            new { displayName = "Renamed", locale = "pt-BR", timeZone = "Europe/Paris", userType = "supervisor" }), HttpStatusCode.OK);
        Assert.Equal(("Renamed", "pt-BR", "Europe/Paris", "supervisor"), (updated.GetProperty("displayName").GetString(),
            updated.GetProperty("locale").GetString(), updated.GetProperty("timeZone").GetString(), updated.GetProperty("userType").GetString()));
    }

    [Fact]
    public async Task Suspend_EndsEverySessionAtOnce_AndResumeLetsTheUserBack()
    {
        var (tenant, admin, token, client) = await AdminAsync();
        var agent = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent);
        var agentTokens = await SignInForTokensAsync(client, agent);
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", agentTokens.AccessToken), HttpStatusCode.OK);

        var suspended = await JsonAsync(await Call(client, token, HttpMethod.Post, $"/api/v1/users/{agent.Id}/suspend"), HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", agentTokens.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, agentTokens.RefreshToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await SignInAsync(client, agent), HttpStatusCode.Forbidden);
        await ProblemAsync(await Call(client, token, HttpMethod.Post, $"/api/v1/users/{agent.Id}/suspend"), HttpStatusCode.Conflict);
        await ProblemAsync(await Call(client, token, HttpMethod.Post, $"/api/v1/users/{admin.Id}/suspend"), HttpStatusCode.Conflict);

        var resumed = await JsonAsync(await Call(client, token, HttpMethod.Post, $"/api/v1/users/{agent.Id}/resume"), HttpStatusCode.OK);
        Assert.Equal("active", resumed.GetProperty("status").GetString());
        await SignInForTokensAsync(client, agent);
        Assert.Equal(2, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE target_id = @id AND action IN ('user.suspended', 'user.resumed')", ("id", agent.Id.ToString())));
    }

    [Fact]
    public async Task MyProfile_IsReadAndEditedBySelf_NotByApiKeys()
    {
        var (tenant, _) = await fixture.Data.CreateTenantWithUserAsync();
        var agent = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, agent)).AccessToken;

        var profile = await JsonAsync(await Call(client, token, HttpMethod.Get, "/api/v1/me/profile"), HttpStatusCode.OK);
        Assert.Equal(agent.Email, profile.GetProperty("email").GetString());
        var bad = await ProblemAsync(await Call(client, token, HttpMethod.Patch, "/api/v1/me/profile", new { timeZone = "Nowhere/Land", displayName = "" }), HttpStatusCode.BadRequest);
        Assert.Equal(["displayName", "timeZone"], ErrorFields(bad).Order());
        var changed = await JsonAsync(await Call(client, token, HttpMethod.Patch, "/api/v1/me/profile", new { displayName = "Ada", timeZone = "America/New_York" }), HttpStatusCode.OK);
        Assert.Equal("Ada", changed.GetProperty("displayName").GetString());
        Assert.Equal("agent", changed.GetProperty("userType").GetString());
        await ProblemAsync(await client.GetAsync(Url("/api/v1/me/profile")), HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string> WriteEndpoints => new()
    {
        { "POST", "/api/v1/users/invite" },
        { "POST", "/api/v1/users" },
        { "POST", "/api/v1/users/{id}/resend-invitation" },
        { "PATCH", "/api/v1/users/{id}" },
        { "POST", "/api/v1/users/{id}/suspend" },
        { "POST", "/api/v1/users/{id}/resume" },
    };

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    [InlineData("GET", "/api/v1/users")]
    [InlineData("GET", "/api/v1/users/{id}")]
    public async Task WithoutThePermission_Forbidden_NeverData(string method, string path)
    {
        var (tenant, _) = await fixture.Data.CreateTenantWithUserAsync();
        var target = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Viewer, status: "invited", withPassword: false);
        // Agents hold neither users_roles permission; supervisors may read but not write.
        var callerType = method == "GET" ? SystemRoles.Agent : SystemRoles.Supervisor;
        var caller = await fixture.Data.CreateUserAsync(tenant, callerType);
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, caller)).AccessToken;

        var response = await Call(client, token, new HttpMethod(method), path.Replace("{id}", target.Id.ToString(), StringComparison.Ordinal),
            method == "GET" ? null : new { email = $"x-{Guid.NewGuid():N}@example.com", displayName = "X", userType = "agent" });

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.DoesNotContain(target.Email, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("invited", await fixture.Database.ScalarAsync<string>("SELECT status FROM identity.users WHERE id = @id", ("id", target.Id)));
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    [InlineData("GET", "/api/v1/users/{id}")]
    public async Task AUserOfAnotherTenant_IsNotFound(string method, string path)
    {
        var (tenant, _) = await fixture.Data.CreateTenantWithUserAsync();
        var target = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent, status: "invited", withPassword: false);
        var (_, _, token, client) = await AdminAsync();
        if (!path.Contains("{id}", StringComparison.Ordinal))
        {
            // Creating lands in the caller's own tenant: the other tenant's address is free there.
            var created = await Call(client, token, new HttpMethod(method), path, new { email = target.Email, displayName = "Mine", userType = "agent" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(2, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.users WHERE tenant_id = @t", ("t", tenant.Id)));
            return;
        }

        var response = await Call(client, token, new HttpMethod(method), path.Replace("{id}", target.Id.ToString(), StringComparison.Ordinal),
            new { displayName = "Hijacked" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(target.Email, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("invited", "Test User"), (
            await fixture.Database.ScalarAsync<string>("SELECT status FROM identity.users WHERE id = @id", ("id", target.Id)),
            await fixture.Database.ScalarAsync<string>("SELECT display_name FROM identity.users WHERE id = @id", ("id", target.Id))));
        var list = await JsonAsync(await Call(client, token, HttpMethod.Get, $"/api/v1/users?search={Uri.EscapeDataString(target.Email)}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, list.GetProperty("items").ValueKind);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }
}
