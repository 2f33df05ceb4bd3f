using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using OmniBots.Fakes;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Sso;

public sealed class SsoTests(SsoTests.Fixture fixture, SsoTests.Provider provider) : IClassFixture<SsoTests.Fixture>, IClassFixture<SsoTests.Provider>
{
    public sealed class Fixture : IdentityFixture;

    public sealed class Provider : IAsyncLifetime
    {
        public FakeOidcProvider Oidc { get; } = new() { ClientId = "omnibots-client", ClientSecret = "s3cret-" + Guid.NewGuid().ToString("N") };

        public Task InitializeAsync() => Oidc.StartAsync();

        public Task DisposeAsync() => Oidc.DisposeAsync().AsTask();
    }

    private static readonly string[] NotADomain = ["not a domain"];

    private FakeOidcProvider Oidc => provider.Oidc;

    private HttpClient Browser() => fixture.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<string> SuperAdminTokenAsync()
    {
        var email = $"root-{Guid.NewGuid():N}@platform.example.com";
        await fixture.Database.ExecuteAsync(
            "INSERT INTO identity.platform_users (email, platform_role, status, password_hash) VALUES (@email, 'super_admin', 'active', @hash)",
            ("email", email), ("hash", new PasswordHasher<object>().HashPassword(new object(), IdentityTestData.Password)));
        return (await SignInForTokensAsync(fixture.Host.CreateClient(), null, email, IdentityTestData.Password)).AccessToken;
    }

    private async Task<Guid> ProviderIdAsync()
    {
        var created = await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Post, "/api/v1/admin/sso-providers", await SuperAdminTokenAsync(),
            new { kind = "oidc", name = "Fake", issuer = Oidc.Issuer }), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    private async Task<(TestTenant Tenant, string AdminToken, Guid ConnectionId)> ConnectedTenantAsync(bool autoCreate = false, string[]? domains = null)
    {
        var providerId = await ProviderIdAsync();
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var token = (await SignInForTokensAsync(fixture.Host.CreateClient(), admin)).AccessToken;
        var created = await JsonAsync(await SendWithBearerAsync(fixture.Host.CreateClient(), HttpMethod.Post, "/api/v1/sso/connections", token, new
        {
            providerId, clientId = Oidc.ClientId, clientSecret = Oidc.ClientSecret, allowedDomains = domains ?? ["example.com"], autoCreateUsers = autoCreate, defaultRole = SystemRoles.Agent,
        }), HttpStatusCode.Created);
        return (tenant, token, created.GetProperty("id").GetGuid());
    }

    /// <summary>Start → the provider's /authorize (as the browser would follow) → the callback, with an optional change to the callback URL.</summary>
    private async Task<HttpResponseMessage> SignInAsync(HttpClient browser, TestTenant tenant, Guid connectionId, Func<string, string>? tamper = null)
    {
        var start = await browser.GetAsync(Url($"/api/v1/auth/sso/{tenant.Slug}/{connectionId}/start"));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(Oidc.Issuer + "/authorize?", authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var external = new HttpClient(handler);
        var back = await external.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!.PathAndQuery;
        return await browser.GetAsync(Url(tamper is null ? callback : tamper(callback)));
    }

    private Task<long> AuditCountAsync(string action, TestTenant tenant)
        => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = @action AND tenant_id = @tenant", ("action", action), ("tenant", tenant.Id));

    [Fact]
    public async Task HappyPath_SignsInAnExistingUser_WithACookieSession()
    {
        var (tenant, _, connectionId) = await ConnectedTenantAsync();
        var user = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Supervisor, email: $"sso-{Guid.NewGuid():N}@example.com");
        Oidc.NextToken = new FakeIdTokenOptions { Email = user.Email.ToUpperInvariant() };
        var browser = Browser();

        var response = await SignInAsync(browser, tenant, connectionId);

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(user.Id, body.GetProperty("userId").GetGuid());
        Assert.False(body.GetProperty("userCreated").GetBoolean());
        var me = await JsonAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.OK);
        Assert.Equal(user.Email, me.GetProperty("user").GetProperty("email").GetString());
        var exchange = Oidc.TokenRequests.Last();
        Assert.Equal(Oidc.ClientSecret, exchange["client_secret"]);
        Assert.True(exchange.ContainsKey("code_verifier"));
        Assert.Equal(1, await AuditCountAsync("sso.signed_in", tenant));
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(Oidc.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCallback_CannotBeReplayed_OrForgedWithoutTheBrowsersState()
    {
        var (tenant, _, connectionId) = await ConnectedTenantAsync();
        var user = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent, email: $"sso-{Guid.NewGuid():N}@example.com");
        Oidc.NextToken = new FakeIdTokenOptions { Email = user.Email };
        var browser = Browser();
        string? callback = null;

        await JsonAsync(await SignInAsync(browser, tenant, connectionId, c => callback = c), HttpStatusCode.OK);

        await ProblemAsync(await browser.GetAsync(Url(callback!)), HttpStatusCode.BadRequest);
        await ProblemAsync(await Browser().GetAsync(Url(callback!)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrongState_IsRefused()
    {
        var (tenant, _, connectionId) = await ConnectedTenantAsync();
        Oidc.NextToken = new FakeIdTokenOptions { Email = $"sso-{Guid.NewGuid():N}@example.com" };

        var response = await SignInAsync(Browser(), tenant, connectionId, c => c.Replace("state=", "state=x", StringComparison.Ordinal));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = 'sso.sign_in_failed' AND details->>'reason' LIKE 'state%'") >= 1);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "nonce", "wrong nonce" },
        { "expired", "expired" },
        { "signature", "bad signature" },
        { "unknown-key", "unknown signing key" },
        { "audience", "wrong audience" },
        { "issuer", "wrong issuer" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task AnIdTokenThatFailsValidation_IsRefused_AndAudited(string spoil, string reason)
    {
        var (tenant, _, connectionId) = await ConnectedTenantAsync();
        var user = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent, email: $"sso-{Guid.NewGuid():N}@example.com");
        var token = new FakeIdTokenOptions { Email = user.Email };
        Oidc.NextToken = spoil switch
        {
            "nonce" => token with { Nonce = "another-nonce" },
            "expired" => token with { ExpiresIn = TimeSpan.FromMinutes(-10) },
            "signature" => token with { CorruptSignature = true },
            "unknown-key" => token with { SignWithUnknownKey = true },
            "audience" => token with { Audience = "someone-else" },
            _ => token with { Issuer = "https://evil.example.com" },
        };
        var browser = Browser();

        await ProblemAsync(await SignInAsync(browser, tenant, connectionId), HttpStatusCode.Unauthorized);

        await ProblemAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.Unauthorized);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE action = 'sso.sign_in_failed' AND tenant_id = @tenant AND details->>'reason' = @reason",
            ("tenant", tenant.Id), ("reason", reason)));
    }

    [Fact]
    public async Task DisallowedDomain_IsRefused()
    {
        var (tenant, _, connectionId) = await ConnectedTenantAsync(autoCreate: true);
        Oidc.NextToken = new FakeIdTokenOptions { Email = $"sso-{Guid.NewGuid():N}@elsewhere.org" };

        await ProblemAsync(await SignInAsync(Browser(), tenant, connectionId), HttpStatusCode.Forbidden);

        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.users WHERE email = @email", ("email", Oidc.NextToken.Email)));
    }

    [Fact]
    public async Task AutoCreate_On_CreatesTheUserWithTheDefaultRole_Off_Refuses()
    {
        var (on, _, onConnection) = await ConnectedTenantAsync(autoCreate: true);
        var email = $"new-{Guid.NewGuid():N}@example.com";
        Oidc.NextToken = new FakeIdTokenOptions { Email = email };
        var browser = Browser();

        var body = await JsonAsync(await SignInAsync(browser, on, onConnection), HttpStatusCode.OK);

        Assert.True(body.GetProperty("userCreated").GetBoolean());
        var me = await JsonAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.OK);
        Assert.Equal(["agent"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var (off, _, offConnection) = await ConnectedTenantAsync(autoCreate: false);
        await ProblemAsync(await SignInAsync(Browser(), off, offConnection), HttpStatusCode.Forbidden);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.users WHERE tenant_id = @t AND email = @email", ("t", off.Id), ("email", email)));
    }

    [Fact]
    public async Task Connections_HideTheSecret_AreTenantScoped_AndNeedThePermission()
    {
        var (tenant, adminToken, connectionId) = await ConnectedTenantAsync();
        var client = fixture.Host.CreateClient();

        var list = await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/sso/connections", adminToken);
        var listed = Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(connectionId, listed.GetProperty("id").GetGuid());
        Assert.DoesNotContain(Oidc.ClientSecret, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await fixture.Database.ScalarAsync<string>("SELECT client_secret FROM identity.sso_connections WHERE id = @id", ("id", connectionId));
        Assert.DoesNotContain(Oidc.ClientSecret, stored, StringComparison.Ordinal);

        var (other, otherAdmin) = await fixture.Data.CreateTenantWithUserAsync();
        var otherToken = (await SignInForTokensAsync(client, otherAdmin)).AccessToken;
        Assert.Empty((await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/sso/connections", otherToken), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/sso/connections/{connectionId}", otherToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync(Url($"/api/v1/auth/sso/{other.Slug}/{connectionId}/start"))).StatusCode);

        var agent = (await SignInForTokensAsync(client, await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent))).AccessToken;
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/sso/connections", agent, new { }), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/sso/connections/{connectionId}", agent), HttpStatusCode.Forbidden);

        var bad = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/sso/connections", adminToken,
            new { providerId = Guid.NewGuid(), clientId = "", allowedDomains = NotADomain, defaultRole = "nope" }), HttpStatusCode.BadRequest);
        Assert.Equal(["allowedDomains", "clientId", "clientSecret", "defaultRole", "providerId"], ErrorFields(bad).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/sso/connections/{connectionId}", adminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync(Url($"/api/v1/auth/sso/{tenant.Slug}/{connectionId}/start"))).StatusCode);
    }

    [Fact]
    public async Task Providers_AreForSuperAdmins_AndDisablingOneStopsItsConnections()
    {
        var (tenant, adminToken, connectionId) = await ConnectedTenantAsync();
        var client = fixture.Host.CreateClient();
        var root = await SuperAdminTokenAsync();

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/sso-providers", adminToken), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/sso-providers", adminToken, new { kind = "oidc", name = "x", issuer = Oidc.Issuer }), HttpStatusCode.Forbidden);
        await ProblemAsync(await client.GetAsync(Url("/api/v1/admin/sso-providers")), HttpStatusCode.Unauthorized);
        var bad = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/admin/sso-providers", root,
            new { kind = "saml", name = "", issuer = "http://example.com" }), HttpStatusCode.BadRequest);
        Assert.Equal(["issuer", "kind", "name"], ErrorFields(bad).Order(StringComparer.Ordinal));

        var providerId = (await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/sso/connections", adminToken), HttpStatusCode.OK))[0].GetProperty("providerId").GetGuid();
        await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/admin/sso-providers/{providerId}/enabled", new { enabled = false },
            r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", root)), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync(Url($"/api/v1/auth/sso/{tenant.Slug}/{connectionId}/start"))).StatusCode);
    }

    [Fact]
    public async Task SettingAProvidersEnabledFlag_IsForSuperAdmins_AndBadInputNamesTheField()
    {
        var providerId = await ProviderIdAsync();
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var adminToken = (await SignInForTokensAsync(client, admin)).AccessToken;
        var root = await SuperAdminTokenAsync();
        var path = $"/api/v1/admin/sso-providers/{providerId}/enabled";

        var refused = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Put, path, adminToken, new { enabled = false }), HttpStatusCode.Forbidden);
        Assert.DoesNotContain(Oidc.Issuer, refused.GetRawText(), StringComparison.Ordinal);
        await ProblemAsync(await SendAsync(client, HttpMethod.Put, path, new { enabled = false }, _ => { }), HttpStatusCode.Unauthorized);
        Assert.True(await fixture.Database.ScalarAsync<bool>("SELECT enabled FROM identity.sso_providers WHERE id = @id", ("id", providerId)));

        var bad = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Put, path, root, new { }), HttpStatusCode.BadRequest);
        Assert.Equal(["enabled"], ErrorFields(bad));
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/admin/sso-providers/{Guid.NewGuid()}/enabled", root, new { enabled = false }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnotherTenantsConnection_IsNeitherListedNorDeleted_AndKeepsWorking()
    {
        var (tenant, _, connectionId) = await ConnectedTenantAsync();
        var (_, otherAdmin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var otherToken = (await SignInForTokensAsync(client, otherAdmin)).AccessToken;

        var list = await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/sso/connections", otherToken);
        Assert.Empty((await JsonAsync(list, HttpStatusCode.OK)).EnumerateArray());
        var delete = await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/sso/connections/{connectionId}", otherToken);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.DoesNotContain(Oidc.ClientId, await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.sso_connections WHERE id = @id", ("id", connectionId)));
        Assert.Equal(HttpStatusCode.Redirect, (await Browser().GetAsync(Url($"/api/v1/auth/sso/{tenant.Slug}/{connectionId}/start"))).StatusCode);
    }
}
