using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Bootstrap;

public sealed class SuperAdminFromConfigurationTests(SuperAdminFromConfigurationTests.Fixture fixture) : IClassFixture<SuperAdminFromConfigurationTests.Fixture>
{
    public const string Email = "root@platform.example.com";
    public const string Password = "a long configured password";

    public sealed class Fixture : IdentityFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Identity:Bootstrap:SuperAdminEmail"] = Email,
            ["Identity:Bootstrap:SuperAdminPassword"] = Password,
        };
    }

    [Fact]
    public async Task TheConfiguredSuperAdmin_SignsInWithoutATenant_AndAdministersThePlatform()
    {
        var client = fixture.Host.CreateClient();

        var tokens = await SignInForTokensAsync(client, null, Email, Password);

        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.OK);
        Assert.Equal("platform_user", me.GetProperty("kind").GetString());
        Assert.Equal("super_admin", me.GetProperty("platformRole").GetString());
        Assert.Equal(JsonValueKindNull, me.GetProperty("tenant").ValueKind);
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/jobs", tokens.AccessToken), HttpStatusCode.OK);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATenantAdmin_IsForbiddenPlatformAdministration()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/jobs", tokens.AccessToken), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PlatformStaff_SignOutAndRefreshLikeTenantUsers()
    {
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, null, Email, Password);
        var next = ReadTokens(await JsonAsync(await RefreshAsync(client, tokens.RefreshToken), HttpStatusCode.OK));
        Assert.StartsWith("ob_rt_platform_", next.RefreshToken, StringComparison.Ordinal);

        await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/auth/sign-out", next.AccessToken);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", next.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, next.RefreshToken), HttpStatusCode.Unauthorized);
        // A tenant user with the same email is someone else.
        await ProblemAsync(await SignInAsync(client, "some-tenant", Email, Password, "token"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task APartnerAdmin_SignsInWithThePartnerRoleAndId_ButIsNoSuperAdmin()
    {
        var partner = Guid.NewGuid();
        var hash = new Microsoft.AspNetCore.Identity.PasswordHasher<object>().HashPassword(new object(), IdentityTestData.Password);
        await fixture.Database.ExecuteAsync(
            "INSERT INTO identity.platform_users (email, platform_role, partner_id, status, password_hash) VALUES ('partner@example.com', 'partner_admin', @p, 'active', @h)",
            ("p", partner), ("h", hash));
        var client = fixture.Host.CreateClient();

        var tokens = await SignInForTokensAsync(client, null, "partner@example.com", IdentityTestData.Password);

        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.OK);
        Assert.Equal("partner_admin", me.GetProperty("platformRole").GetString());
        Assert.Equal(partner, me.GetProperty("partnerId").GetGuid());
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/jobs", tokens.AccessToken), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AConfiguredPasswordTooShort_StopsTheHostNamingTheSetting()
    {
        var database = await OmniBots.Testing.TestCluster.CreateDatabaseAsync(nameof(AConfiguredPasswordTooShort_StopsTheHostNamingTheSetting));
        await using var host = new OmniBots.Testing.OmniBotsHostFactory(database, new OmniBots.Testing.HostSettings
        {
            Roles = "web",
            Extra = new Dictionary<string, string?> { ["Identity:Bootstrap:SuperAdminEmail"] = Email, ["Identity:Bootstrap:SuperAdminPassword"] = "short" },
        });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(host.StartAsync);

        Assert.Contains("Identity:Bootstrap:SuperAdminPassword", error.Message, StringComparison.Ordinal);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
