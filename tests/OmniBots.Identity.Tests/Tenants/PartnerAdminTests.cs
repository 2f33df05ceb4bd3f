using System.Net;
using System.Net.Http.Json;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Tenants;

public sealed class PartnerAdminTests(PartnerAdminTests.Fixture fixture) : IClassFixture<PartnerAdminTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task SuperAdmin_CreatesAPartnerAdmin_WhoChangesTheTemporaryPassword_AndAdministersOnlyTheirPartner()
    {
        var client = fixture.Host.CreateClient();
        var super = await Staff.SignedInAsync(fixture.Host, client);
        var partnerId = await Staff.PartnerAsync(fixture.Host);
        var otherPartner = await Staff.PartnerAsync(fixture.Host);
        var email = $"pa-{Guid.NewGuid():N}@reseller.example.com";

        var created = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{partnerId}/admins", super,
            new { email, displayName = "Reseller admin" }), HttpStatusCode.Created);
        var temporary = created.GetProperty("temporaryPassword").GetString()!;
        var listed = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/admin/partners/{partnerId}/admins", super), HttpStatusCode.OK);
        Assert.Equal(email, Assert.Single(listed.EnumerateArray()).GetProperty("email").GetString());
        Assert.False(listed.ToString().Contains(temporary, StringComparison.Ordinal));

        await ProblemAsync(await SignInAsync(client, null, email, temporary, "token"), HttpStatusCode.Forbidden);
        var changed = await client.PostAsJsonAsync(Url("/api/v1/auth/change-password"),
            new { tenant = (string?)null, email, currentPassword = temporary, newPassword = "a partner admin password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var token = (await SignInForTokensAsync(client, null, email, "a partner admin password")).AccessToken;

        var own = await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/tenants", token, NewTenant(partnerId));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var other = await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/tenants", token, NewTenant(otherPartner));
        Assert.NotEqual(HttpStatusCode.Created, other.StatusCode);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{partnerId}/admins", token,
            new { email = "x@reseller.example.com", displayName = "X" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreatingAPartnerAdmin_RefusesBadInput_DuplicateEmail_UnknownPartner_AndTenantUsers()
    {
        var client = fixture.Host.CreateClient();
        var super = await Staff.SignedInAsync(fixture.Host, client);
        var partnerId = await Staff.PartnerAsync(fixture.Host);

        var bad = await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{partnerId}/admins", super, new { email = "nope", displayName = "" });
        Assert.Equal(["displayName", "email"], ErrorFields(await ProblemAsync(bad, HttpStatusCode.BadRequest)).Order());
        var email = $"dup-{Guid.NewGuid():N}@reseller.example.com";
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{partnerId}/admins", super, new { email, displayName = "A" }), HttpStatusCode.Created);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{partnerId}/admins", super, new { email, displayName = "B" }), HttpStatusCode.Conflict);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/admin/partners/{Guid.NewGuid()}/admins", super, new { email = "n@x.example.com", displayName = "N" }), HttpStatusCode.NotFound);

        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var tenantToken = (await SignInForTokensAsync(client, user)).AccessToken;
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/admin/partners/{partnerId}/admins", tenantToken), HttpStatusCode.Forbidden);
    }

    private static object NewTenant(Guid partnerId) => new
    {
        name = "Reseller tenant",
        slug = $"r-{Guid.NewGuid():N}"[..20],
        partnerId,
        admin = new { email = "first@tenant.example.com", name = "First admin" },
    };
}
