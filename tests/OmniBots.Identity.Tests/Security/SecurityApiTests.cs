using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;
using static OmniBots.Identity.Tests.Security.SecurityApi;

namespace OmniBots.Identity.Tests.Security;

/// <summary>Every security endpoint refuses other tenants (404) and callers without the permission (403), and names bad fields.</summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityApiTests(SecurityFixture fixture)
{
    private async Task<(TestUser Admin, Guid EventId)> TenantWithEventAsync()
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await SignInFromAsync(client, null, admin, "not the password at all");
        }
        fixture.Time.Advance(TimeSpan.FromMinutes(16));
        var events = await BruteForceTests.EventsAsync(client, admin, "");
        return (admin, events.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Resolve_MarksTheEventResolved_AndFiltersFindIt()
    {
        var (admin, id) = await TenantWithEventAsync();
        var client = fixture.Host.CreateClient();
        var token = await AccessTokenFromAsync(client, null, admin);
        var resolved = await JsonAsync(await BearerAsync(client, HttpMethod.Post, $"/api/v1/security/events/{id}/resolve", token, new { note = "It was me" }), HttpStatusCode.OK);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(admin.Id, resolved.GetProperty("resolvedBy").GetGuid());

        var open = await JsonAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/events?status=open", token), HttpStatusCode.OK);
        Assert.Equal(0, open.GetProperty("total").GetInt64());
        var page = await JsonAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/events?status=resolved&severity=high&page=1&pageSize=10", token), HttpStatusCode.OK);
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        var future = await JsonAsync(await BearerAsync(client, HttpMethod.Get, $"/api/v1/security/events?from={Uri.EscapeDataString(fixture.Time.GetUtcNow().AddDays(1).ToString("O"))}", token), HttpStatusCode.OK);
        Assert.Equal(0, future.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task AnotherTenant_GetsNotFound_AndSeesNothing()
    {
        var (_, id) = await TenantWithEventAsync();
        var (_, stranger) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = await AccessTokenFromAsync(client, null, stranger);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Post, $"/api/v1/security/events/{id}/resolve", token), HttpStatusCode.NotFound);
        var list = await JsonAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/events", token), HttpStatusCode.OK);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task WithoutThePermission_EveryEndpointIsForbidden()
    {
        var (admin, id) = await TenantWithEventAsync();
        var viewer = await fixture.Data.CreateUserAsync(admin.Tenant, OmniBots.Identity.Contracts.SystemRoles.Viewer);
        var client = fixture.Host.CreateClient();
        var token = await AccessTokenFromAsync(client, null, viewer);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/events", token), HttpStatusCode.Forbidden);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Post, $"/api/v1/security/events/{id}/resolve", token), HttpStatusCode.Forbidden);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/rules", token), HttpStatusCode.Forbidden);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Put, "/api/v1/security/rules", token, new { }), HttpStatusCode.Forbidden);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/admin/security/events", token), HttpStatusCode.Forbidden);
        var adminToken = await AccessTokenFromAsync(client, null, admin);
        await ProblemAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/admin/security/events", adminToken), HttpStatusCode.Forbidden);
        await ProblemAsync(await client.GetAsync(Url("/api/v1/security/events")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SuperAdmins_SeeEveryTenantsEvents()
    {
        var (admin, id) = await TenantWithEventAsync();
        var client = fixture.Host.CreateClient();
        var all = await JsonAsync(await SuperAdminAsync(client, HttpMethod.Get, "/api/v1/admin/security/events?type=brute_force&pageSize=200"), HttpStatusCode.OK);
        var mine = Assert.Single(all.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetGuid() == id);
        Assert.Equal(admin.Tenant.Id, mine.GetProperty("tenantId").GetGuid());
    }

    [Fact]
    public async Task BadInput_GetsProblemsNamingTheField()
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = await AccessTokenFromAsync(client, null, admin);
        var problem = await ProblemAsync(await BearerAsync(client, HttpMethod.Get, "/api/v1/security/events?type=nope&status=x&severity=y&from=yesterday&page=0&pageSize=1000", token), HttpStatusCode.BadRequest);
        Assert.Equal(["from", "page", "pageSize", "severity", "status", "type"], ErrorFields(problem).Order());

        problem = await ProblemAsync(await BearerAsync(client, HttpMethod.Put, "/api/v1/security/rules", token, new
        {
            bruteForce = new { maxFailures = 0, windowMinutes = 10, lockMinutes = 15 },
            credentialStuffing = new { distinctAccounts = 10, windowMinutes = 5, blockMinutes = 60 },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["bruteForce.maxFailures", "impossibleTravel"], ErrorFields(problem).Order());

        problem = await ProblemAsync(await BearerAsync(client, HttpMethod.Post, $"/api/v1/security/events/{Guid.NewGuid()}/resolve", token, new { note = new string('x', 1001) }), HttpStatusCode.BadRequest);
        Assert.Contains("note", ErrorFields(problem));
    }
}
