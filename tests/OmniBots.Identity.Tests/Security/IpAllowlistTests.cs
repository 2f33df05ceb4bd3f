using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;
using static OmniBots.Identity.Tests.Security.SecurityApi;

namespace OmniBots.Identity.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class IpAllowlistTests(SecurityFixture fixture)
{
    [Fact]
    public async Task OutsideTheAllowlist_SignInAndRequestsAreRefused_WithOneEvent()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = await AccessTokenFromAsync(client, "203.0.113.10", user);
        await fixture.SetAllowlistAsync(tenant, "203.0.113.0/24", "2001:db8::/32");

        await JsonAsync(await SignInFromAsync(client, "203.0.113.99", user), HttpStatusCode.OK);
        await JsonAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/me", token, ip: "203.0.113.10"), HttpStatusCode.OK);

        var refused = await ProblemAsync(await SignInFromAsync(client, "192.0.2.1", user), HttpStatusCode.Forbidden);
        Assert.Equal("Address not allowed", refused.GetProperty("title").GetString());
        await ProblemAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/me", token, ip: "192.0.2.1"), HttpStatusCode.Forbidden);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/me", token, ip: "192.0.2.1"), HttpStatusCode.Forbidden);

        var events = await BearerAsync(client, HttpMethod.Get, "/api/v1/security/events?type=ip_not_allowed", token, ip: "203.0.113.10");
        var only = Assert.Single((await JsonAsync(events, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal("192.0.2.1", only.GetProperty("ip").GetString());
        Assert.Equal("block", only.GetProperty("action").GetString());
    }

    [Fact]
    public async Task AnotherTenantsAllowlist_DoesNotConcernThisTenant()
    {
        var (other, _) = await fixture.Data.CreateTenantWithUserAsync();
        await fixture.SetAllowlistAsync(other, "203.0.113.0/24");
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = await AccessTokenFromAsync(client, "192.0.2.1", user);
        await JsonAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/me", token, ip: "192.0.2.1"), HttpStatusCode.OK);
    }
}
