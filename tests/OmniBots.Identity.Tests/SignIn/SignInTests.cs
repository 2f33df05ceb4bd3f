using System.Net;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.SignIn;

public sealed class SignInTests(SignInTests.Fixture fixture) : IClassFixture<SignInTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task CookieSignIn_SetsAnHttpOnlyLaxCookie_AndMeSaysWhoIAm()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Supervisor);
        var client = fixture.Host.CreateClient();

        var response = await SignInAsync(client, user);

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("cookie", body.GetProperty("mode").GetString());
        Assert.False(body.TryGetProperty("tokens", out _));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(IdentityModule.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await JsonAsync(await client.GetAsync(Url("/api/v1/me")), HttpStatusCode.OK);
        Assert.Equal("user", me.GetProperty("kind").GetString());
        Assert.Equal(user.Email, me.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("supervisor", me.GetProperty("user").GetProperty("userType").GetString());
        Assert.Equal(tenant.Slug, me.GetProperty("tenant").GetProperty("slug").GetString());
        Assert.Equal(["supervisor"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var permissions = me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.Contains(Permissions.AgentDesk.Supervise, permissions);
        Assert.DoesNotContain(Permissions.Bots.Write, permissions);
        Assert.Equal("cookie", me.GetProperty("session").GetProperty("kind").GetString());
        Assert.Equal(480, me.GetProperty("session").GetProperty("idleTimeoutMinutes").GetInt32());
    }

    [Fact]
    public async Task TokenSignIn_ReturnsBearerTokens_ThatAuthenticateMe()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();

        var body = await JsonAsync(await SignInAsync(client, user, "token"), HttpStatusCode.OK);
        var tokens = body.GetProperty("tokens");
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.InRange(tokens.GetProperty("expiresIn").GetInt32(), 590, 600);
        Assert.StartsWith("ob_rt_", tokens.GetProperty("refreshToken").GetString(), StringComparison.Ordinal);

        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.GetProperty("accessToken").GetString()!), HttpStatusCode.OK);
        Assert.Equal(user.Id, me.GetProperty("user").GetProperty("id").GetGuid());
        Assert.Equal("token", me.GetProperty("session").GetProperty("kind").GetString());
        Assert.Contains(Permissions.Billing.Write, me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task WrongPassword_UnknownEmail_AndUnknownTenant_AllGetTheSame401()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();

        var wrong = await ProblemAsync(await SignInAsync(client, tenant.Slug, user.Email, "not the password at all", "cookie"), HttpStatusCode.Unauthorized);
        var unknownUser = await ProblemAsync(await SignInAsync(client, tenant.Slug, "nobody@example.com", user.Password, "cookie"), HttpStatusCode.Unauthorized);
        var unknownTenant = await ProblemAsync(await SignInAsync(client, "no-such-tenant", user.Email, user.Password, "token"), HttpStatusCode.Unauthorized);

        Assert.Equal(wrong.GetProperty("detail").GetString(), unknownUser.GetProperty("detail").GetString());
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknownTenant.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Url("/api/v1/me"))).StatusCode);
    }

    [Fact]
    public async Task SigningInAgainInTheSameBrowser_EndsThePreviousSession()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        var first = (await SignInAsync(client, user)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(IdentityModule.CookieName, StringComparison.Ordinal)).Split(';')[0];

        var again = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/sign-in",
            new { tenant = user.Tenant.Slug, email = user.Email, password = user.Password, mode = "cookie" }, r => r.Headers.Add("Cookie", first));

        await JsonAsync(again, HttpStatusCode.OK);
        await ProblemAsync(await SendAsync(client, HttpMethod.Get, "/api/v1/me", null, r => r.Headers.Add("Cookie", first)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Email_IsMatchedWhateverItsCase()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();

        var response = await SignInAsync(fixture.Host.CreateClient(), tenant.Slug.ToUpperInvariant(), user.Email.ToUpperInvariant(), user.Password, "token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SuspendedUser_IsRefused_ButOnlyToldSoWithTheRightPassword()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var user = await fixture.Data.CreateUserAsync(tenant, status: "suspended");
        var client = fixture.Host.CreateClient();

        await ProblemAsync(await SignInAsync(client, tenant.Slug, user.Email, "not the password at all", "cookie"), HttpStatusCode.Unauthorized);
        var problem = await ProblemAsync(await SignInAsync(client, user), HttpStatusCode.Forbidden);

        Assert.Contains("suspended", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Url("/api/v1/me"))).StatusCode);
    }

    [Fact]
    public async Task InvitedUserWithoutPassword_CannotSignIn()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var user = await fixture.Data.CreateUserAsync(tenant, status: "invited", withPassword: false);

        await ProblemAsync(await SignInAsync(fixture.Host.CreateClient(), user), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SuspendingTheTenant_RefusesSignIn_AndEndsItsSessions()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        await fixture.Data.SetTenantStatusAsync(tenant, "suspended");

        await ProblemAsync(await SignInAsync(client, user, "token"), HttpStatusCode.Forbidden);
        var problem = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.Unauthorized);
        Assert.Contains("tenant", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_GetsAProblemNamingEachField()
    {
        var client = fixture.Host.CreateClient();

        var problem = await ProblemAsync(await SignInAsync(client, "Not A Slug!", "not-an-email", "", "session"), HttpStatusCode.BadRequest);

        Assert.Equal(["email", "mode", "password", "tenant"], ErrorFields(problem).Order());
        var oversize = await ProblemAsync(await SignInAsync(client, null, "a@example.com", new string('x', 1025), "token"), HttpStatusCode.BadRequest);
        Assert.Equal(["password"], ErrorFields(oversize));
    }

    [Fact]
    public async Task Anonymous_MeIsA401Problem()
    {
        var problem = await ProblemAsync(await fixture.Host.CreateClient().GetAsync(Url("/api/v1/me")), HttpStatusCode.Unauthorized);

        Assert.Contains("Sign in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordsAndTokens_NeverAppearInTheLogs()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);
        var next = ReadTokens((await JsonAsync(await RefreshAsync(client, tokens.RefreshToken), HttpStatusCode.OK)));
        await SignInAsync(client, user.Tenant.Slug, user.Email, "a wrong password here", "token");

        Assert.Contains(fixture.Logs.Messages, m => m.Contains("sign-in lookup", StringComparison.Ordinal));
        foreach (var secret in new[] { user.Password, "a wrong password here", tokens.AccessToken, tokens.RefreshToken, next.RefreshToken, next.AccessToken })
        {
            Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }
}
