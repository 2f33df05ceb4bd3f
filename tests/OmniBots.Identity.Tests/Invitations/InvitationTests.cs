using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Tests.Users;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Invitations;

public sealed class InvitationTests(InvitationTests.Fixture fixture) : IClassFixture<InvitationTests.Fixture>
{
    public sealed class Fixture : UsersFixture;

    private const string NewPassword = "my own long passphrase";

    private async Task<(TestTenant Tenant, string Token, HttpClient Client)> AdminAsync()
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        return (tenant, (await SignInForTokensAsync(client, admin)).AccessToken, client);
    }

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string? token, string? password, string? displayName = null)
        => client.PostAsJsonAsync(Url("/api/v1/auth/accept-invite"), new { token, password, displayName });

    private static async Task<(Guid Id, string Email)> InviteAsync(HttpClient client, string token, string userType = "agent")
    {
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        var body = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/users/invite", token,
            new { email, displayName = "Invitee", userType }), HttpStatusCode.Created);
        Assert.Equal("invited", body.GetProperty("user").GetProperty("status").GetString());
        return (body.GetProperty("user").GetProperty("id").GetGuid(), email);
    }

    [Fact]
    public async Task Invitation_IsMailed_AcceptedOnce_AndTheUserSignsIn()
    {
        var (tenant, adminToken, client) = await AdminAsync();
        var (id, email) = await InviteAsync(client, adminToken);
        var token = await Outbox.LatestTokenAsync(fixture.Database, email, "accept-invite");
        Assert.Matches("^ob_inv_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$", token);
        await ProblemAsync(await SignInAsync(client, tenant.Slug, email, NewPassword, "token"), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.NoContent, (await AcceptAsync(client, token, NewPassword, "Ada Invitee")).StatusCode);

        var tokens = await SignInForTokensAsync(client, tenant.Slug, email, NewPassword);
        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/profile", tokens.AccessToken), HttpStatusCode.OK);
        Assert.Equal(("active", "Ada Invitee"), (me.GetProperty("status").GetString(), me.GetProperty("displayName").GetString()));
        Assert.Equal(id, me.GetProperty("id").GetGuid());
        var replay = await ProblemAsync(await AcceptAsync(client, token, "another long passphrase"), HttpStatusCode.BadRequest);
        Assert.Equal(["token"], ErrorFields(replay));
        await SignInForTokensAsync(client, tenant.Slug, email, NewPassword);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(token[39..], StringComparison.Ordinal) || m.Contains(NewPassword, StringComparison.Ordinal));
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM identity.user_tokens WHERE user_id = @id AND used_at IS NULL", ("id", id)));
    }

    [Fact]
    public async Task WeakOrCommonPassword_IsRefusedNamingTheField_AndTheTokenStaysUsable()
    {
        var (_, adminToken, client) = await AdminAsync();
        var (_, email) = await InviteAsync(client, adminToken);
        var token = await Outbox.LatestTokenAsync(fixture.Database, email, "accept-invite");

        Assert.Equal(["password"], ErrorFields(await ProblemAsync(await AcceptAsync(client, token, "short"), HttpStatusCode.BadRequest)));
        var common = await ProblemAsync(await AcceptAsync(client, token, "Password1234"), HttpStatusCode.BadRequest);
        Assert.Equal(["password"], ErrorFields(common));
        Assert.Contains("common", common.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
        await ProblemAsync(await AcceptAsync(client, token, "QWERTYUIOP123"), HttpStatusCode.BadRequest);
        Assert.Equal(["token"], ErrorFields(await ProblemAsync(await AcceptAsync(client, "ob_inv_nonsense", NewPassword), HttpStatusCode.BadRequest)));

        Assert.Equal(HttpStatusCode.NoContent, (await AcceptAsync(client, token, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Resend_KillsTheOldLink_AndLinksExpireAfterSevenDays()
    {
        var (_, adminToken, client) = await AdminAsync();
        var (id, email) = await InviteAsync(client, adminToken);
        var first = await Outbox.LatestTokenAsync(fixture.Database, email, "accept-invite");

        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/users/{id}/resend-invitation", adminToken)).StatusCode);
        var second = await Outbox.LatestTokenAsync(fixture.Database, email, "accept-invite");
        Assert.NotEqual(first, second);
        await ProblemAsync(await AcceptAsync(client, first, NewPassword), HttpStatusCode.BadRequest);

        fixture.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        Assert.Equal(["token"], ErrorFields(await ProblemAsync(await AcceptAsync(client, second, NewPassword), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task ResendToAnActiveUser_IsAConflict()
    {
        var (tenant, adminToken, client) = await AdminAsync();
        var active = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/users/{active.Id}/resend-invitation", adminToken), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Contract_InvitesATenantsFirstAdmin()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var email = $"first-admin-{Guid.NewGuid():N}@example.com";
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var invitations = scope.ServiceProvider.GetRequiredService<IUserInvitations>();

        var result = await invitations.InviteAsync(tenant.Id, email, "First Admin", SystemRoles.TenantAdmin, [], CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True((await invitations.InviteAsync(tenant.Id, email, "Again", SystemRoles.TenantAdmin, [], CancellationToken.None)).EmailTaken);
        Assert.Equal(["email"], (await invitations.InviteAsync(tenant.Id, "nope", "X", SystemRoles.TenantAdmin, [], CancellationToken.None)).Errors.Keys);
        var token = await Outbox.LatestTokenAsync(fixture.Database, email, "accept-invite");
        var client = fixture.Host.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await AcceptAsync(client, token, NewPassword)).StatusCode);
        var tokens = await SignInForTokensAsync(client, tenant.Slug, email, NewPassword);
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/users", tokens.AccessToken), HttpStatusCode.OK);
    }
}
