using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Sessions;

public sealed class SignOutTests(SignOutTests.Fixture fixture) : IClassFixture<SignOutTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task SignOut_WithABearerToken_EndsItsAccessAndRefreshTokens()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/auth/sign-out", tokens.AccessToken)).StatusCode);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, tokens.RefreshToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignOut_WithTheCookie_MakesAReplayedCookieUseless()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var signIn = await SignInAsync(client, user);
        var sessionCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(IdentityModule.CookieName, StringComparison.Ordinal)).Split(';')[0];
        var csrf = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/csrf", null, r => r.Headers.Add("Cookie", sessionCookie));
        var csrfCookie = csrf.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("omnibots_csrf", StringComparison.Ordinal)).Split(';')[0];
        var token = (await JsonAsync(csrf, HttpStatusCode.OK)).GetProperty("token").GetString()!;
        var cookies = $"{sessionCookie}; {csrfCookie}";

        var signOut = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/sign-out", null, r =>
        {
            r.Headers.Add("Cookie", cookies);
            r.Headers.Add("X-CSRF-Token", token);
        });

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith(IdentityModule.CookieName + "=;", StringComparison.Ordinal));
        var replay = await SendAsync(client, HttpMethod.Get, "/api/v1/me", null, r => r.Headers.Add("Cookie", cookies));
        var problem = await ProblemAsync(replay, HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySessionOfTheUser_AndNoOtherUsers()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var colleague = await fixture.Data.CreateUserAsync(tenant);
        var browser = fixture.Host.CreateClient();
        await JsonAsync(await SignInAsync(browser, user), HttpStatusCode.OK);
        var api = fixture.Host.CreateClient();
        var first = await SignInForTokensAsync(api, user);
        var second = await SignInForTokensAsync(api, user);
        var other = await SignInForTokensAsync(api, colleague);

        var result = await JsonAsync(await SendWithBearerAsync(api, HttpMethod.Post, "/api/v1/auth/sign-out-everywhere", first.AccessToken), HttpStatusCode.OK);

        Assert.Equal(3, result.GetProperty("revokedSessions").GetInt32());
        await ProblemAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.Unauthorized);
        await ProblemAsync(await SendWithBearerAsync(api, HttpMethod.Get, "/api/v1/me", second.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(api, second.RefreshToken), HttpStatusCode.Unauthorized);
        await JsonAsync(await SendWithBearerAsync(api, HttpMethod.Get, "/api/v1/me", other.AccessToken), HttpStatusCode.OK);
    }

    [Fact]
    public async Task CookieSession_EndsAfterTheTenantsIdleTimeout()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var browser = fixture.Host.CreateClient();
        await JsonAsync(await SignInAsync(browser, user), HttpStatusCode.OK);

        fixture.Time.Advance(TimeSpan.FromMinutes(300));
        await JsonAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.OK);
        fixture.Time.Advance(TimeSpan.FromMinutes(300));
        await JsonAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.OK);
        fixture.Time.Advance(TimeSpan.FromMinutes(481));

        await ProblemAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokedSessions_StayRefusedAfterARestart()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);
        await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/auth/sign-out", tokens.AccessToken);

        await using var second = new OmniBots.Testing.OmniBotsHostFactory(fixture.Database, new OmniBots.Testing.HostSettings { Roles = "web" });
        await second.StartAsync();

        var problem = await ProblemAsync(await SendWithBearerAsync(second.CreateClient(), HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRevocationList_CannotBeWrittenOrErasedByRequestCode()
    {
        var (tenant, _) = await fixture.Data.CreateTenantWithUserAsync();
        await using var runtime = await fixture.Database.OpenAsTenantAsync(tenant.Id);

        foreach (var sql in new[]
                 {
                     "INSERT INTO identity.session_revocations (session_id, expires_at, revoked_at) VALUES (gen_random_uuid(), now(), now())",
                     "DELETE FROM identity.session_revocations",
                 })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, runtime);
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }
}
