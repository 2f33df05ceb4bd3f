using System.Net;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Tests.Tenants;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Audit;

public sealed class AuditLogTests(AuditLogTests.Fixture fixture) : IClassFixture<AuditLogTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private async Task<(TestTenant Tenant, string Token, HttpClient Client)> AdminAsync()
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        return (tenant, (await SignInForTokensAsync(client, admin)).AccessToken, client);
    }

    /// <summary>Creates roles through the API, each recording a <c>role.created</c> entry.</summary>
    private static async Task CreateRolesAsync(HttpClient client, string token, params string[] names)
    {
        foreach (var name in names)
        {
            await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/roles", token, new { code = name, name }), HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task TenantUsers_SearchTheirTenantsEntries_WithFiltersAndPaging()
    {
        var (tenant, token, client) = await AdminAsync();
        var (_, otherToken, _) = await AdminAsync();
        await CreateRolesAsync(client, token, "r_one", "r_two", "r_three");
        await CreateRolesAsync(client, otherToken, "r_other");

        var first = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/audit-log?action=role.created&limit=2", token), HttpStatusCode.OK);
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(tenant.Id, i.GetProperty("tenantId").GetGuid()));
        var next = first.GetProperty("nextBefore").GetInt64();
        var second = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/audit-log?action=role&before={next}&limit=2", token), HttpStatusCode.OK);
        var rest = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.True(rest.GetProperty("id").GetInt64() < next);

        var all = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/audit-log?limit=200&result=success", token), HttpStatusCode.OK);
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("tenantId").GetGuid() != tenant.Id);

        var problem = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/audit-log?limit=201&result=maybe", token), HttpStatusCode.BadRequest);
        Assert.Equal(["limit", "result"], ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Export_IsCsv_SafeAgainstFormulas_AndConfinedToTheTenant()
    {
        var (tenant, token, client) = await AdminAsync();
        var (_, otherToken, _) = await AdminAsync();
        await CreateRolesAsync(client, token, "exported");
        await CreateRolesAsync(client, otherToken, "not_exported");
        // A hostile user agent lands in the entry; the export must not let a spreadsheet run it.
        await SendAsync(client, HttpMethod.Post, "/api/v1/roles", new { code = "hostile", name = "Hostile" }, r =>
        {
            r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            r.Headers.TryAddWithoutValidation("User-Agent", "=HYPERLINK(\"http://evil\",\"x\")");
        });

        var response = await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/audit-log/export.csv?action=role.created", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,occurred_at,tenant_id,", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(tenant.Id.ToString(), l, StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("not_exported", csv, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE tenant_id = @t AND action = 'audit_log.exported'", ("t", tenant.Id)));
    }

    [Fact]
    public async Task UsersWithoutThePermission_AreForbidden_AndSuperAdminsReadAnyTenantElevated()
    {
        var (tenant, token, client) = await AdminAsync();
        await CreateRolesAsync(client, token, "visible");
        var agent = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent);
        var agentToken = (await SignInForTokensAsync(client, agent)).AccessToken;

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/audit-log", agentToken), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/audit-log/export.csv", agentToken), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/audit-log", token), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/audit-log/export.csv", token), HttpStatusCode.Forbidden);

        var super = await Staff.SignedInAsync(fixture.Host, client);
        var page = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/admin/audit-log?tenantId={tenant.Id}&targetType=role", super), HttpStatusCode.OK);
        var entry = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("role.created", entry.GetProperty("action").GetString());
        Assert.Contains(fixture.Logs.Messages, m => m.Contains("admin: audit log search", StringComparison.Ordinal));
        var export = await SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/admin/audit-log/export.csv?tenantId={tenant.Id}&targetType=role", super);
        Assert.Equal(2, (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
