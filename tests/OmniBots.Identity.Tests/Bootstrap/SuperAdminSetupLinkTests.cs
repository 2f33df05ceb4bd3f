using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Bootstrap;

public sealed partial class SuperAdminSetupLinkTests(SuperAdminSetupLinkTests.Fixture fixture) : IClassFixture<SuperAdminSetupLinkTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private string LoggedToken()
    {
        var line = Assert.Single(fixture.Logs.Messages, m => m.Contains("one-time setup link", StringComparison.Ordinal));
        return SetupToken().Match(line).Groups[1].Value;
    }

    [Fact]
    public async Task TheLoggedLink_CreatesOneSuperAdmin_Once()
    {
        var token = LoggedToken();
        var client = fixture.Host.CreateClient();

        var created = await client.PostAsJsonAsync(Url("/api/v1/setup/super-admin"), new { token, email = "first@platform.example.com", password = "the first super admin" });

        await JsonAsync(created, HttpStatusCode.Created);
        var tokens = await SignInForTokensAsync(client, null, "first@platform.example.com", "the first super admin");
        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.OK);
        Assert.Equal("super_admin", me.GetProperty("platformRole").GetString());

        var again = await client.PostAsJsonAsync(Url("/api/v1/setup/super-admin"), new { token, email = "second@platform.example.com", password = "the second super admin" });
        Assert.Equal(["token"], ErrorFields(await ProblemAsync(again, HttpStatusCode.BadRequest)));
        await ProblemAsync(await SignInAsync(client, null, "second@platform.example.com", "the second super admin", "token"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AWrongTokenOrBadInput_IsAProblemNamingTheFields()
    {
        var client = fixture.Host.CreateClient();

        var wrong = await client.PostAsJsonAsync(Url("/api/v1/setup/super-admin"), new { token = new string('A', 43), email = "x@platform.example.com", password = "long enough password" });
        Assert.Equal(["token"], ErrorFields(await ProblemAsync(wrong, HttpStatusCode.BadRequest)));
        var bad = await client.PostAsJsonAsync(Url("/api/v1/setup/super-admin"), new { token = "", email = "nope", password = "short" });
        Assert.Equal(["email", "password", "token"], ErrorFields(await ProblemAsync(bad, HttpStatusCode.BadRequest)).Order());
    }

    [GeneratedRegex("\"token\": \"([A-Za-z0-9_-]{43})\"")]
    private static partial Regex SetupToken();
}
