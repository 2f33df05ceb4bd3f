using System.Net;
using System.Net.Http.Json;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Tests.Users;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.PasswordReset;

public sealed class PasswordResetTests(PasswordResetTests.Fixture fixture) : IClassFixture<PasswordResetTests.Fixture>
{
    public sealed class Fixture : UsersFixture;

    private const string NewPassword = "a reset long passphrase";

    private static Task<HttpResponseMessage> ForgotAsync(HttpClient client, string tenant, string email)
        => client.PostAsJsonAsync(Url("/api/v1/auth/forgot-password"), new { tenant, email });

    private static Task<HttpResponseMessage> ResetAsync(HttpClient client, string token, string password)
        => client.PostAsJsonAsync(Url("/api/v1/auth/reset-password"), new { token, password });

    [Fact]
    public async Task Forgot_AlwaysAnswers202_AndMailsOnlyExistingActiveAccounts()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var suspended = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent, status: "suspended");
        var client = fixture.Host.CreateClient();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(client, tenant.Slug, user.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(client, tenant.Slug, unknown)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(client, "no-such-tenant", user.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(client, tenant.Slug, suspended.Email)).StatusCode);

        Assert.Equal(1, await Outbox.CountAsync(fixture.Database, user.Email));
        Assert.Equal(0, await Outbox.CountAsync(fixture.Database, unknown));
        Assert.Equal(0, await Outbox.CountAsync(fixture.Database, suspended.Email));
        var bad = await ProblemAsync(await ForgotAsync(client, "", "not-an-email"), HttpStatusCode.BadRequest);
        Assert.Equal(["email", "tenant"], ErrorFields(bad).Order());
    }

    [Fact]
    public async Task Reset_SetsThePassword_EndsEverySession_AndCannotBeReplayed()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var session = await SignInForTokensAsync(client, user);
        await ForgotAsync(client, tenant.Slug, user.Email);
        var token = await Outbox.LatestTokenAsync(fixture.Database, user.Email, "reset-password");

        Assert.Equal(["password"], ErrorFields(await ProblemAsync(await ResetAsync(client, token, "iloveyou2024"), HttpStatusCode.BadRequest)));
        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(client, token, NewPassword)).StatusCode);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", session.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await SignInAsync(client, user), HttpStatusCode.Unauthorized);
        await SignInForTokensAsync(client, tenant.Slug, user.Email, NewPassword);
        Assert.Equal(["token"], ErrorFields(await ProblemAsync(await ResetAsync(client, token, "yet another passphrase"), HttpStatusCode.BadRequest)));
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(token[39..], StringComparison.Ordinal) || m.Contains(NewPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResetLinks_ExpireAfterAnHour_AndANewRequestKillsTheOldLink()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        await ForgotAsync(client, tenant.Slug, user.Email);
        var first = await Outbox.LatestTokenAsync(fixture.Database, user.Email, "reset-password");
        await ForgotAsync(client, tenant.Slug, user.Email);
        var second = await Outbox.LatestTokenAsync(fixture.Database, user.Email, "reset-password");
        await ProblemAsync(await ResetAsync(client, first, NewPassword), HttpStatusCode.BadRequest);

        fixture.Time.Advance(TimeSpan.FromMinutes(61));

        await ProblemAsync(await ResetAsync(client, second, NewPassword), HttpStatusCode.BadRequest);
        await SignInForTokensAsync(client, user);
    }

    [Fact]
    public async Task ChangePassword_WhenSignedIn_NeedsTheCurrentOne_AndEndsEverySession()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var first = await SignInForTokensAsync(client, user);
        var second = await SignInForTokensAsync(client, user);

        var wrong = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", first.AccessToken,
            new { currentPassword = "not my password at all", newPassword = NewPassword }), HttpStatusCode.BadRequest);
        Assert.Equal(["currentPassword"], ErrorFields(wrong));
        var weak = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", first.AccessToken,
            new { currentPassword = user.Password, newPassword = "password12345" }), HttpStatusCode.BadRequest);
        Assert.Equal(["newPassword"], ErrorFields(weak));

        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", first.AccessToken,
            new { currentPassword = user.Password, newPassword = NewPassword })).StatusCode);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", second.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, second.RefreshToken), HttpStatusCode.Unauthorized);
        await SignInForTokensAsync(client, user.Tenant.Slug, user.Email, NewPassword);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE target_id = @id AND action = 'user.password_changed'", ("id", user.Id.ToString())));
    }

    [Fact]
    public async Task ExpiredPassword_RefusesSignIn_UntilChanged()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        await fixture.Database.ExecuteAsync("UPDATE tenancy.tenants SET settings = '{\"passwordExpiryDays\": 30}' WHERE id = @id", ("id", tenant.Id));
        await fixture.Data.ChangeUserAsync(user, "UPDATE identity.users SET password_changed_at = now() - interval '31 days' WHERE id = @id");
        var client = fixture.Host.CreateClient();

        var refused = await ProblemAsync(await SignInAsync(client, user, "token"), HttpStatusCode.Forbidden);
        Assert.Equal("expired", refused.GetProperty("reason").GetString());
        Assert.Contains("change-password", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await client.PostAsJsonAsync(Url("/api/v1/auth/change-password"),
            new { tenant = tenant.Slug, email = user.Email, currentPassword = "wrong wrong wrong", newPassword = NewPassword }), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync(Url("/api/v1/auth/change-password"),
            new { tenant = tenant.Slug, email = user.Email, currentPassword = user.Password, newPassword = NewPassword })).StatusCode);
        await SignInForTokensAsync(client, tenant.Slug, user.Email, NewPassword);
    }
}
