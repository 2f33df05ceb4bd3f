using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Users;

public sealed class OutboxAdminTests(OutboxAdminTests.Fixture fixture) : IClassFixture<OutboxAdminTests.Fixture>
{
    private const string Email = "root@platform.example.com";
    private const string Password = "a long configured password";

    public sealed class Fixture : IdentityFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Identity:Bootstrap:SuperAdminEmail"] = Email,
            ["Identity:Bootstrap:SuperAdminPassword"] = Password,
        };
    }

    [Fact]
    public async Task SuperAdmin_ListsTheDevelopmentOutbox_TenantUsersAreRefused()
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tenantToken = (await SignInForTokensAsync(client, admin)).AccessToken;
        var invitee = $"outbox-{Guid.NewGuid():N}@example.com";
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/users/invite", tenantToken,
            new { email = invitee, displayName = "Outbox", userType = "viewer" }), HttpStatusCode.Created);

        var staff = (await SignInForTokensAsync(client, null, Email, Password)).AccessToken;
        var page = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/outbox?limit=10", staff), HttpStatusCode.OK);
        var message = Assert.Single(page.GetProperty("items").EnumerateArray(), m => m.GetProperty("to")[0].GetString() == invitee);
        Assert.Equal("development", message.GetProperty("status").GetString());
        Assert.Contains("/accept-invite?token=ob_inv_", message.GetProperty("textBody").GetString(), StringComparison.Ordinal);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/outbox", tenantToken), HttpStatusCode.Forbidden);
        await ProblemAsync(await client.GetAsync(Url("/api/v1/admin/outbox")), HttpStatusCode.Unauthorized);
        Assert.Equal(["limit"], ErrorFields(await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/outbox?limit=0", staff), HttpStatusCode.BadRequest)));
    }
}
