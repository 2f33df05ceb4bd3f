using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Sessions;

public sealed class RefreshTokenTests(RefreshTokenTests.Fixture fixture) : IClassFixture<RefreshTokenTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task Refresh_RotatesBothTokens_AndTheNewAccessTokenWorks()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var first = await SignInForTokensAsync(client, user);

        var second = ReadTokens(await JsonAsync(await RefreshAsync(client, first.RefreshToken), HttpStatusCode.OK));

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", second.AccessToken), HttpStatusCode.OK);
        var third = ReadTokens(await JsonAsync(await RefreshAsync(client, second.RefreshToken), HttpStatusCode.OK));
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
    }

    [Fact]
    public async Task ReusingARefreshToken_RevokesTheWholeFamily()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var first = await SignInForTokensAsync(client, user);
        var second = ReadTokens(await JsonAsync(await RefreshAsync(client, first.RefreshToken), HttpStatusCode.OK));

        var reuse = await ProblemAsync(await RefreshAsync(client, first.RefreshToken), HttpStatusCode.Unauthorized);

        Assert.Contains("revoked", reuse.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await RefreshAsync(client, second.RefreshToken), HttpStatusCode.Unauthorized);
        var refused = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", second.AccessToken), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("refresh token reuse", await fixture.Database.ScalarAsync<string>(
            "SELECT revoked_reason FROM identity.sessions WHERE user_id = @user", ("user", user.Id)));
    }

    [Fact]
    public async Task ConcurrentUseOfOneRefreshToken_LetsAtMostOneSucceed()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RefreshAsync(client, tokens.RefreshToken)));

        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MissingOrForgedRefreshTokens_AreRefused()
    {
        var (tenant, _) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();

        var missing = await ProblemAsync(await RefreshAsync(client, ""), HttpStatusCode.BadRequest);
        Assert.Equal(["refreshToken"], ErrorFields(missing));
        await ProblemAsync(await RefreshAsync(client, "garbage"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, $"ob_rt_{tenant.Id:N}_{new string('A', 43)}"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, $"ob_rt_platform_{new string('A', 43)}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AccessTokens_ExpireAfterTenMinutes_AndRefreshStillWorks()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        fixture.Time.Advance(TimeSpan.FromMinutes(11));

        var expired = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", expired.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var next = ReadTokens(await JsonAsync(await RefreshAsync(client, tokens.RefreshToken), HttpStatusCode.OK));
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", next.AccessToken), HttpStatusCode.OK);
    }

    [Fact]
    public async Task RefreshTokens_ExpireWithTheTenantsSessionTimeout()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        fixture.Time.Advance(TimeSpan.FromMinutes(481));

        var problem = await ProblemAsync(await RefreshAsync(client, tokens.RefreshToken), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedAccessToken_IsRefused()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);
        var chars = tokens.AccessToken.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';

        var response = await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", new string(chars));

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedCredentials_EndExistingSessions()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        await fixture.Data.ChangeUserAsync(user, "UPDATE identity.users SET security_stamp = gen_random_uuid() WHERE id = @id");

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RefreshAsync(client, tokens.RefreshToken), HttpStatusCode.Unauthorized);
        await JsonAsync(await SignInAsync(client, user, "token"), HttpStatusCode.OK);
    }
}
