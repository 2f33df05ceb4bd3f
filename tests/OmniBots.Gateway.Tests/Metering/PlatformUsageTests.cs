using System.Net;
using OmniBots.Gateway.Tests.Pipeline;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.Metering;

public sealed class PlatformUsageTests(PlatformUsageTests.Fixture fixture) : IClassFixture<PlatformUsageTests.Fixture>
{
    /// <summary>Trusts the Testing environment's platform-role header, to call as a super admin.</summary>
    public sealed class Fixture : GatewayApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
            new Dictionary<string, string?>(base.ExtraSettings) { ["Testing:TrustTenantHeader"] = "true" };
    }

    private static object Chat(string text) => new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = text } } };

    [Fact]
    public async Task Super_admins_see_usage_across_tenants_and_tenant_admins_do_not()
    {
        var (a, tokenA) = await fixture.AdminAsync();
        var (b, tokenB) = await fixture.AdminAsync();
        var (_, keyA) = await fixture.CreateKeyAsync(tokenA);
        var (_, keyB) = await fixture.CreateKeyAsync(tokenB);
        await JsonAsync(await fixture.V1Async(keyA, HttpMethod.Post, "/v1/chat/completions", Chat("a1")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(keyA, HttpMethod.Post, "/v1/chat/completions", Chat("a2")), HttpStatusCode.OK);
        await JsonAsync(await fixture.V1Async(keyB, HttpMethod.Post, "/v1/chat/completions", Chat("b1")), HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => await fixture.CountAsync("SELECT count(*) FROM gateway.usage_records") == 3,
            TimeSpan.FromSeconds(10), "three usage records are written");
        var client = fixture.Host.CreateClient();

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/gateway/usage?groupBy=tenant");
        request.Headers.Add("X-Test-Platform-Role", "super_admin");
        var all = await JsonAsync(await client.SendAsync(request), HttpStatusCode.OK);
        var rows = all.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()!, r => r.GetProperty("requests").GetInt64());

        Assert.Equal(2, rows[a.Id.ToString()]);
        Assert.Equal(1, rows[b.Id.ToString()]);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/gateway/usage", tokenA), HttpStatusCode.Forbidden);
    }
}
