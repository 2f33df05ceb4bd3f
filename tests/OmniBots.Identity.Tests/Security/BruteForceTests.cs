using System.Net;
using System.Text.Json;
using Xunit;
using static OmniBots.Testing.Identity.Api;
using static OmniBots.Identity.Tests.Security.SecurityApi;

namespace OmniBots.Identity.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class BruteForceTests(SecurityFixture fixture)
{
    [Fact]
    public async Task FiveFailures_LockTheAccount_EvenForTheRightPassword_UntilTheLockEnds_WithOneEvent()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var ip = SecurityFixture.UniqueIp();
        for (var i = 0; i < 5; i++)
        {
            await ProblemAsync(await SignInFromAsync(client, ip, user, "not the password at all"), HttpStatusCode.Unauthorized);
        }

        var locked = await SignInFromAsync(client, ip, user);
        var problem = await ProblemAsync(locked, HttpStatusCode.Locked);
        Assert.Equal("Account locked", problem.GetProperty("title").GetString());
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 890, 900);
        // Refused attempts do not count, so hammering a locked account writes no further event.
        await ProblemAsync(await SignInFromAsync(client, ip, user, "not the password at all"), HttpStatusCode.Locked);

        fixture.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await JsonAsync(await SignInFromAsync(client, ip, user), HttpStatusCode.OK);

        var events = await EventsAsync(client, user, "type=brute_force");
        var only = Assert.Single(events.GetProperty("items").EnumerateArray());
        Assert.Equal("lock", only.GetProperty("action").GetString());
        Assert.Equal(user.Id, only.GetProperty("userId").GetGuid());
        Assert.Equal(ip, only.GetProperty("ip").GetString());
        Assert.Equal("open", only.GetProperty("status").GetString());
    }

    [Fact]
    public async Task FailuresOutsideTheWindow_DoNotLock_AndThresholdsArePerTenant()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = await AccessTokenFromAsync(client, null, user);
        var rules = await JsonAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/rules", token), HttpStatusCode.OK);
        Assert.Equal(5, rules.GetProperty("bruteForce").GetProperty("maxFailures").GetInt32());
        await JsonAsync(await BearerAsync(client, HttpMethod.Put, "/api/v1/security/rules", token, new
        {
            bruteForce = new { maxFailures = 3, windowMinutes = 10, lockMinutes = 5 },
            credentialStuffing = new { distinctAccounts = 10, windowMinutes = 5, blockMinutes = 60 },
            impossibleTravel = new { enabled = true, distanceMiles = 500, windowMinutes = 60 },
        }), HttpStatusCode.OK);

        for (var i = 0; i < 2; i++)
        {
            await SignInFromAsync(client, null, user, "not the password at all");
        }
        fixture.Time.Advance(TimeSpan.FromMinutes(11));
        await ProblemAsync(await SignInFromAsync(client, null, user, "not the password at all"), HttpStatusCode.Unauthorized);
        await JsonAsync(await SignInFromAsync(client, null, user), HttpStatusCode.OK);

        await SignInFromAsync(client, null, user, "not the password at all");
        await SignInFromAsync(client, null, user, "not the password at all");
        var locked = await SignInFromAsync(client, null, user);
        await ProblemAsync(locked, HttpStatusCode.Locked);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 290, 300);
    }

    internal static async Task<JsonElement> EventsAsync(HttpClient client, TestUser admin, string query)
    {
        var token = await AccessTokenFromAsync(client, null, admin);
        return await JsonAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/events?" + query, token), HttpStatusCode.OK);
    }
}
