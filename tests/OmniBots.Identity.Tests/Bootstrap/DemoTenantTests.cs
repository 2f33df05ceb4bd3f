using System.Net;
using System.Text.RegularExpressions;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Bootstrap;

/// <summary>What run.sh relies on: a provisioned demo tenant whose admin can sign in at once.</summary>
public sealed partial class DemoTenantTests(DemoTenantTests.Fixture fixture) : IClassFixture<DemoTenantTests.Fixture>
{
    public sealed class Fixture : IdentityFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Identity:DemoTenant"] = "true" };
    }

    [Fact]
    public async Task DemoTenant_IsProvisioned_AndItsAdminMustChangeTheLoggedTemporaryPassword()
    {
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM tenancy.tenants WHERE slug = 'demo' AND status = 'active'"));
        Assert.True(await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM identity.roles r JOIN tenancy.tenants t ON t.id = r.tenant_id WHERE t.slug = 'demo' AND r.is_system") > 0);
        var line = Assert.Single(fixture.Logs.Messages, m => m.Contains("Demo tenant 'demo' created", StringComparison.Ordinal));
        var password = TemporaryPassword().Match(line).Groups[1].Value;
        Assert.NotEmpty(password);

        var client = fixture.Host.CreateClient();
        var signIn = await SignInAsync(client, "demo", "admin@demo.localhost", password, "token");
        var problem = await ProblemAsync(signIn, HttpStatusCode.Forbidden);
        Assert.Contains("change", problem.GetProperty("title").GetString() ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("\"password\": \"([A-Za-z0-9_-]+)\"")]
    private static partial Regex TemporaryPassword();
}
