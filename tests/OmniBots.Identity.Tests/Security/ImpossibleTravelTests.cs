using System.Net;
using System.Net.Http.Headers;
using Xunit;
using static OmniBots.Testing.Identity.Api;
using static OmniBots.Identity.Tests.Security.SecurityApi;

namespace OmniBots.Identity.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class ImpossibleTravelTests(SecurityFixture fixture)
{
    [Fact]
    public async Task LondonThenSeattleWithinTheHour_RaisesAnAlert_ButNearbySignInsAndLaterOnesDoNot()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        await JsonAsync(await SignInFromAsync(client, "81.2.69.142", user), HttpStatusCode.OK);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await JsonAsync(await SignInFromAsync(client, "89.160.20.7", user), HttpStatusCode.OK);
        fixture.Time.Advance(TimeSpan.FromMinutes(20));
        // An alert only: the sign-in itself goes through.
        await JsonAsync(await SignInFromAsync(client, "216.160.83.56", user), HttpStatusCode.OK);
        fixture.Time.Advance(TimeSpan.FromMinutes(61));
        await JsonAsync(await SignInFromAsync(client, "81.2.69.142", user), HttpStatusCode.OK);

        var events = await BruteForceTests.EventsAsync(client, user, "type=impossible_travel");
        var only = Assert.Single(events.GetProperty("items").EnumerateArray());
        Assert.Equal("alert", only.GetProperty("action").GetString());
        Assert.Equal("216.160.83.56", only.GetProperty("ip").GetString());
        var details = only.GetProperty("details");
        Assert.InRange(details.GetProperty("miles").GetDouble(), 4700, 4850);
        Assert.Equal("89.160.20.7", details.GetProperty("previousIp").GetString());
        Assert.Equal("Seattle, WA", details.GetProperty("city").GetString());
    }

    [Fact]
    public void TheConfiguredCsvFolder_IsImportedAtStart()
        => Assert.Contains(fixture.Logs.Messages, m => m.Contains("Imported 4 IP-to-location networks", StringComparison.Ordinal));

    [Fact]
    public async Task SuperAdmins_ImportTheCsvPair_OthersAreRefused_AndBadFilesNameTheField()
    {
        var client = fixture.Host.CreateClient();
        var imported = await JsonAsync(await SuperAdminAsync(client, HttpMethod.Post, "/api/v1/admin/geoip/import", Upload()), HttpStatusCode.OK);
        // The block without coordinates is skipped.
        Assert.Equal(4, imported.GetProperty("networks").GetInt32());

        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var token = await AccessTokenFromAsync(client, null, user);
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/admin/geoip/import")) { Content = Upload() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await ProblemAsync(await client.SendAsync(request), HttpStatusCode.Forbidden);

        var missing = new MultipartFormDataContent { { new StringContent("network,geoname_id\n"), "blocks", "blocks.csv" } };
        var problem = await ProblemAsync(await SuperAdminAsync(client, HttpMethod.Post, "/api/v1/admin/geoip/import", missing), HttpStatusCode.BadRequest);
        Assert.Contains("locations", ErrorFields(problem));

        var bad = new MultipartFormDataContent
        {
            { new StringContent("network,geoname_id,latitude,longitude\nnot-a-network,1,1,1\n"), "blocks", "blocks.csv" },
            { new StringContent("geoname_id,country_iso_code,city_name\n"), "locations", "locations.csv" },
        };
        problem = await ProblemAsync(await SuperAdminAsync(client, HttpMethod.Post, "/api/v1/admin/geoip/import", bad), HttpStatusCode.BadRequest);
        Assert.Contains("blocks", ErrorFields(problem));
    }

    private static MultipartFormDataContent Upload() => new()
    {
        { new ByteArrayContent(File.ReadAllBytes(Path.Combine(SecurityFixture.GeoIpFolder, "GeoLite2-City-Blocks-IPv4.csv"))), "blocks", "blocks.csv" },
        { new ByteArrayContent(File.ReadAllBytes(Path.Combine(SecurityFixture.GeoIpFolder, "GeoLite2-City-Locations-en.csv"))), "locations", "locations.csv" },
    };
}
