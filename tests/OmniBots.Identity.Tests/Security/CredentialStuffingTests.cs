using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;
using static OmniBots.Identity.Tests.Security.SecurityApi;

namespace OmniBots.Identity.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class CredentialStuffingTests(SecurityFixture fixture)
{
    [Fact]
    public async Task OneIpFailingOnTenAccounts_IsBlockedForAnHour_ForEveryTenant()
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var (_, elsewhere) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var ip = SecurityFixture.UniqueIp();
        for (var i = 0; i < 10; i++)
        {
            await ProblemAsync(await SignInFromAsync(client, ip, tenant.Slug, $"guess-{i}-{Guid.NewGuid():N}@example.com", "password123456"), HttpStatusCode.Unauthorized);
        }

        var blocked = await SignInFromAsync(client, ip, elsewhere);
        var problem = await ProblemAsync(blocked, HttpStatusCode.TooManyRequests);
        Assert.Equal("Address blocked", problem.GetProperty("title").GetString());
        Assert.InRange(int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 3590, 3600);
        // Another address is not concerned.
        await JsonAsync(await SignInFromAsync(client, SecurityFixture.UniqueIp(), elsewhere), HttpStatusCode.OK);

        var events = await BruteForceTests.EventsAsync(client, admin, "type=credential_stuffing");
        var only = Assert.Single(events.GetProperty("items").EnumerateArray());
        Assert.Equal("block", only.GetProperty("action").GetString());
        Assert.Equal(ip, only.GetProperty("ip").GetString());
        Assert.Equal("critical", only.GetProperty("severity").GetString());

        fixture.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await JsonAsync(await SignInFromAsync(client, ip, elsewhere), HttpStatusCode.OK);
    }

    [Fact]
    public async Task StuffingAgainstUnknownTenants_WritesAPlatformEvent_OnlySuperAdminsSee()
    {
        var client = fixture.Host.CreateClient();
        var ip = SecurityFixture.UniqueIp();
        for (var i = 0; i < 10; i++)
        {
            await SignInFromAsync(client, ip, $"no-such-{Guid.NewGuid():N}"[..20], $"guess-{i}@example.com", "password123456");
        }
        var all = await JsonAsync(await SuperAdminAsync(client, HttpMethod.Get, "/api/v1/admin/security/events?type=credential_stuffing&status=open&pageSize=200"), HttpStatusCode.OK);
        var platform = Assert.Single(all.GetProperty("items").EnumerateArray(), e => e.GetProperty("ip").GetString() == ip);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, platform.GetProperty("tenantId").ValueKind);

        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var mine = await BruteForceTests.EventsAsync(client, admin, "type=credential_stuffing");
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), e => e.GetProperty("ip").GetString() == ip);
    }

    [Fact]
    public async Task NineAccounts_OrTenFailuresOnOneAccountSpreadOverTime_DoNotBlock()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var ip = SecurityFixture.UniqueIp();
        for (var i = 0; i < 9; i++)
        {
            await SignInFromAsync(client, ip, tenant.Slug, $"guess-{i}-{Guid.NewGuid():N}@example.com", "password123456");
        }
        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        await SignInFromAsync(client, ip, tenant.Slug, $"late-{Guid.NewGuid():N}@example.com", "password123456");
        await JsonAsync(await SignInFromAsync(client, ip, user), HttpStatusCode.OK);
    }
}
