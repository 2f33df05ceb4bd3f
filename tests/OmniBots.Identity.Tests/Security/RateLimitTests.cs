using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;
using static OmniBots.Identity.Tests.Security.SecurityApi;

namespace OmniBots.Identity.Tests.Security;

public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    public sealed class Fixture : SecurityFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Security:RateLimits:SignIn:PermitLimit"] = "3",
            ["Security:RateLimits:SignIn:WindowSeconds"] = "600",
            ["Security:RateLimits:Refresh:PermitLimit"] = "2",
            ["Security:RateLimits:Refresh:WindowSeconds"] = "600",
            ["Security:RateLimits:Credentials:PermitLimit"] = "2",
            ["Security:RateLimits:Credentials:WindowSeconds"] = "600",
            ["Security:RateLimits:Mfa:PermitLimit"] = "2",
            ["Security:RateLimits:Mfa:WindowSeconds"] = "600",
        };
    }

    [Fact]
    public async Task SignInAndRefresh_AreLimitedPerAddress_WithAProblemAndRetryAfter()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await SignInFromAsync(client, "192.0.2.10", user, "not the password at all");
        }
        var limited = await SignInFromAsync(client, "192.0.2.10", user);
        var problem = await ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        await JsonAsync(await SignInFromAsync(client, "192.0.2.11", user), HttpStatusCode.OK);

        for (var i = 0; i < 2; i++)
        {
            await SendAsync(client, HttpMethod.Post, "/api/v1/auth/refresh", new { refreshToken = "ob_rt_x_y" }, r => r.Headers.Add(SecurityFixture.ClientIpHeader, "192.0.2.12"));
        }
        var refresh = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/refresh", new { refreshToken = "ob_rt_x_y" }, r => r.Headers.Add(SecurityFixture.ClientIpHeader, "192.0.2.12"));
        await ProblemAsync(refresh, HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("/api/v1/auth/forgot-password", "192.0.2.20")]
    [InlineData("/api/v1/auth/reset-password", "192.0.2.21")]
    [InlineData("/api/v1/auth/accept-invite", "192.0.2.22")]
    [InlineData("/api/v1/auth/change-password", "192.0.2.23")]
    [InlineData("/api/v1/auth/mfa", "192.0.2.24")]
    [InlineData("/api/v1/auth/mfa/enrol/confirm", "192.0.2.25")]
    public async Task CredentialAndMfaEndpoints_AreLimitedPerAddress(string path, string ip)
    {
        var client = fixture.Host.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var allowed = await SendAsync(client, HttpMethod.Post, path, new { }, r => r.Headers.Add(SecurityFixture.ClientIpHeader, ip));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }
        var limited = await SendAsync(client, HttpMethod.Post, path, new { }, r => r.Headers.Add(SecurityFixture.ClientIpHeader, ip));
        await ProblemAsync(limited, HttpStatusCode.TooManyRequests);
    }
}
