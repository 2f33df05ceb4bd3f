using System.Net;
using System.Net.Http.Json;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;
using static OmniBots.Identity.Tests.Mfa.MfaApi;

namespace OmniBots.Identity.Tests.Mfa;

public sealed class MfaTests(MfaTests.Fixture fixture) : IClassFixture<MfaTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Enrolment_GivesUriAndQrCodes_ThenConfirmationGivesTenRecoveryCodes()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, user)).AccessToken;

        var started = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/me/mfa/totp", token), HttpStatusCode.Created);
        var secret = started.GetProperty("secret").GetString()!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal($"otpauth://totp/OmniBots:{Uri.EscapeDataString(user.Email)}?secret={secret}&issuer=OmniBots&algorithm=SHA1&digits=6&period=30",
            started.GetProperty("otpauthUri").GetString());
        var png = await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa/totp/qr.png", token);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        var svg = await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa/totp/qr.svg", token);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", svg.Headers.CacheControl?.ToString());
        // Stored protected, never in clear.
        var stored = await fixture.Database.ScalarAsync<string>("SELECT secret FROM identity.mfa_totp WHERE user_id = @id", ("id", user.Id));
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);

        var wrong = await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", token, new { code = "12345" }), HttpStatusCode.BadRequest);
        Assert.Contains("code", ErrorFields(wrong));
        var confirmed = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", token,
            new { code = TestTotp.Code(secret, fixture.Time.GetUtcNow()) }), HttpStatusCode.OK);
        var codes = confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", c));

        var status = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa", token), HttpStatusCode.OK);
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(10, status.GetProperty("recoveryCodesLeft").GetInt32());
        Assert.DoesNotContain(codes[0], status.GetRawText(), StringComparison.Ordinal);
        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/me/mfa/totp", token), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa/totp/qr.png", token)).StatusCode);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(secret, StringComparison.Ordinal) || m.Contains(codes[0], StringComparison.Ordinal));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = 'mfa.enrolled' AND target_id = @id", ("id", user.Id.ToString())));
    }

    [Fact]
    public async Task SignIn_WithMfa_NeedsACode_OneStepEitherSide_EachCodeOnce()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(client, user, fixture.Time);
        fixture.Time.Advance(Step * 2);
        var now = fixture.Time.GetUtcNow();

        var ticket = await TicketAsync(client, user);
        var body = await JsonAsync(await VerifyAsync(client, ticket, TestTotp.Code(enrolled.Secret, now - Step)), HttpStatusCode.OK);
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", AccessTokenOf(body)), HttpStatusCode.OK);
        // The ticket is spent.
        await ProblemAsync(await VerifyAsync(client, ticket, TestTotp.Code(enrolled.Secret, now)), HttpStatusCode.Unauthorized);

        // The same code on a new ticket: refused (its step was used).
        var second = await TicketAsync(client, user);
        Assert.Contains("code", ErrorFields(await ProblemAsync(await VerifyAsync(client, second, TestTotp.Code(enrolled.Secret, now - Step)), HttpStatusCode.BadRequest)));
        // Two steps ahead: too far.
        await ProblemAsync(await VerifyAsync(client, second, TestTotp.Code(enrolled.Secret, now + Step * 2)), HttpStatusCode.BadRequest);
        // One step ahead: accepted.
        await JsonAsync(await VerifyAsync(client, second, TestTotp.Code(enrolled.Secret, now + Step)), HttpStatusCode.OK);
        // A code older than the last accepted one: refused.
        var third = await TicketAsync(client, user);
        await ProblemAsync(await VerifyAsync(client, third, TestTotp.Code(enrolled.Secret, now)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(client, user, fixture.Time);

        var body = await JsonAsync(await VerifyAsync(client, await TicketAsync(client, user), recoveryCode: enrolled.RecoveryCodes[3].ToUpperInvariant()), HttpStatusCode.OK);
        Assert.False(body.TryGetProperty("recoveryCodes", out _));

        var replay = await ProblemAsync(await VerifyAsync(client, await TicketAsync(client, user), recoveryCode: enrolled.RecoveryCodes[3]), HttpStatusCode.BadRequest);
        Assert.Contains("recoveryCode", ErrorFields(replay));
        var status = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa", AccessTokenOf(body)), HttpStatusCode.OK);
        Assert.Equal(9, status.GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task FiveWrongCodes_EndTheTicket()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(client, user, fixture.Time);
        fixture.Time.Advance(Step);
        var ticket = await TicketAsync(client, user);
        var right = TestTotp.Code(enrolled.Secret, fixture.Time.GetUtcNow());
        var wrong = right == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
        {
            await ProblemAsync(await VerifyAsync(client, ticket, wrong), HttpStatusCode.BadRequest);
        }

        await ProblemAsync(await VerifyAsync(client, ticket, right), HttpStatusCode.Unauthorized);
        Assert.Equal(5, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = 'mfa.verify_failed' AND target_id = @id", ("id", user.Id.ToString())));
    }

    [Fact]
    public async Task ExpiredTicket_IsRefused()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(client, user, fixture.Time);
        var ticket = await TicketAsync(client, user);

        fixture.Time.Advance(TimeSpan.FromMinutes(6));

        await ProblemAsync(await VerifyAsync(client, ticket, TestTotp.Code(enrolled.Secret, fixture.Time.GetUtcNow())), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TrustedDevice_SkipsTheStep_UntilRevoked()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(client, user, fixture.Time);
        fixture.Time.Advance(Step);

        var body = await JsonAsync(await VerifyAsync(client, await TicketAsync(client, user), TestTotp.Code(enrolled.Secret, fixture.Time.GetUtcNow()), trustDevice: true), HttpStatusCode.OK);
        var device = body.GetProperty("deviceToken").GetString()!;
        Assert.StartsWith("ob_dev_", device, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(device, StringComparison.Ordinal));

        var trusted = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/sign-in",
            new { tenant = user.Tenant.Slug, email = user.Email, password = user.Password, mode = "token" }, r => r.Headers.Add("X-Device-Token", device));
        var token = AccessTokenOf(await JsonAsync(trusted, HttpStatusCode.OK));
        // Another user's device token does not help.
        var (_, other) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        await EnrolAsync(client, other, fixture.Time);
        await TicketAsync(client, other, deviceToken: device);

        var listed = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa", token), HttpStatusCode.OK);
        var id = Assert.Single(listed.GetProperty("trustedDevices").EnumerateArray()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/me/mfa/trusted-devices/{id}",
            (await SignInForTokensAsync(client, await fixture.Data.CreateUserAsync(user.Tenant, SystemRoles.Agent))).AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/me/mfa/trusted-devices/{id}", token)).StatusCode);

        await TicketAsync(client, user, deviceToken: device);
    }

    [Fact]
    public async Task TrustedDevice_InCookieMode_IsAnHttpOnlyCookie_NotInTheBody()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(fixture.Host.CreateClient(), user, fixture.Time);
        fixture.Time.Advance(Step);

        var response = await VerifyAsync(client, await TicketAsync(client, user, mode: "cookie"), TestTotp.Code(enrolled.Secret, fixture.Time.GetUtcNow()), trustDevice: true);

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.False(body.TryGetProperty("deviceToken", out _));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("omnibots_device=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        await JsonAsync(await client.GetAsync(Url("/api/v1/me")), HttpStatusCode.OK);
        // The same browser signs in again without the step.
        var again = await JsonAsync(await SignInAsync(client, user), HttpStatusCode.OK);
        Assert.Equal("cookie", again.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task TenantPolicy_ForcesEnrolmentAtSignIn_WithATicketForEnrolmentOnly()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        await fixture.Database.ExecuteAsync("UPDATE tenancy.tenants SET settings = settings || '{\"mfaRequired\": true}' WHERE id = @id", ("id", tenant.Id));
        var client = fixture.Host.CreateClient();

        var ticket = await TicketAsync(client, user, "mfaEnrolmentRequired");
        await ProblemAsync(await VerifyAsync(client, ticket, "123456"), HttpStatusCode.Unauthorized);
        var enrolment = await JsonAsync(await client.PostAsJsonAsync(Url("/api/v1/auth/mfa/enrol"), new { ticket }), HttpStatusCode.OK);
        var secret = enrolment.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/OmniBots:", enrolment.GetProperty("otpauthUri").GetString(), StringComparison.Ordinal);
        Assert.Contains("<svg", enrolment.GetProperty("qrCodeSvg").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(Convert.FromBase64String(enrolment.GetProperty("qrCodePng").GetString()!));

        var done = await JsonAsync(await client.PostAsJsonAsync(Url("/api/v1/auth/mfa/enrol/confirm"),
            new { ticket, code = TestTotp.Code(secret, fixture.Time.GetUtcNow()) }), HttpStatusCode.OK);
        Assert.Equal(10, done.GetProperty("recoveryCodes").GetArrayLength());
        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", AccessTokenOf(done)), HttpStatusCode.OK);
        await ProblemAsync(await client.PostAsJsonAsync(Url("/api/v1/auth/mfa/enrol"), new { ticket }), HttpStatusCode.Unauthorized);
        // From now on the user has MFA: the ordinary step.
        await TicketAsync(client, user);
    }

    [Fact]
    public async Task BadInput_IsAProblemNamingTheField()
    {
        var client = fixture.Host.CreateClient();

        var problem = await ProblemAsync(await client.PostAsJsonAsync(Url("/api/v1/auth/mfa"), new { ticket = "nope" }), HttpStatusCode.BadRequest);
        Assert.Equal(["code", "ticket"], ErrorFields(problem).Order(StringComparer.Ordinal));
        var forged = "ob_mfa_" + Guid.NewGuid().ToString("N") + "_" + new string('a', 43);
        await ProblemAsync(await VerifyAsync(client, forged, "123456"), HttpStatusCode.Unauthorized);
        Assert.Contains("recoveryCode", ErrorFields(await ProblemAsync(await VerifyAsync(client, forged, recoveryCode: new string('a', 41)), HttpStatusCode.BadRequest)));
        Assert.Contains("code", ErrorFields(await ProblemAsync(await client.PostAsJsonAsync(Url("/api/v1/auth/mfa/enrol/confirm"), new { ticket = forged, code = "12ab56" }), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task AdminReset_RemovesMfa_EndsSessions_AndIsAudited_OnlyInTheTenant_WithThePermission()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(client, user, fixture.Time);
        var admin = (await SignInForTokensAsync(client, await fixture.Data.CreateUserAsync(tenant))).AccessToken;
        var agent = (await SignInForTokensAsync(client, await fixture.Data.CreateUserAsync(tenant, SystemRoles.Agent))).AccessToken;
        var (_, otherAdmin) = await fixture.Data.CreateTenantWithUserAsync();
        var foreign = (await SignInForTokensAsync(client, otherAdmin)).AccessToken;
        var path = $"/api/v1/users/{user.Id}/mfa/reset";

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Post, path, agent), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Post, path, foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/users/{Guid.NewGuid()}/mfa/reset", admin)).StatusCode);
        await TicketAsync(client, user);

        Assert.Equal(HttpStatusCode.NoContent, (await SendWithBearerAsync(client, HttpMethod.Post, path, admin)).StatusCode);

        await ProblemAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", enrolled.AccessToken), HttpStatusCode.Unauthorized);
        var body = await JsonAsync(await SignInAsync(client, user, "token"), HttpStatusCode.OK);
        Assert.True(body.TryGetProperty("tokens", out _));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = 'mfa.reset' AND target_id = @id AND tenant_id = @tenant",
            ("id", user.Id.ToString()), ("tenant", tenant.Id)));
    }

    [Fact]
    public async Task MeMfa_IsForSignedInUsers_NotApiKeysOrAnonymous()
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, admin)).AccessToken;
        var created = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/api-keys", token,
            new { name = "k", permissions = new[] { Permissions.Settings.Read } }), HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;

        await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Post, "/api/v1/me/mfa/totp", key), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Get, "/api/v1/me/mfa", key), HttpStatusCode.Forbidden);
        await ProblemAsync(await fixture.Host.CreateClient().GetAsync(Url("/api/v1/me/mfa")), HttpStatusCode.Unauthorized);
        await ProblemAsync(await SendWithApiKeyAsync(client, HttpMethod.Post, $"/api/v1/users/{admin.Id}/mfa/reset", key), HttpStatusCode.Forbidden);
    }

    public static TheoryData<string, string> MeMfaEndpoints => new()
    {
        { "GET", "/api/v1/me/mfa" },
        { "POST", "/api/v1/me/mfa/totp" },
        { "GET", "/api/v1/me/mfa/totp/qr.png" },
        { "GET", "/api/v1/me/mfa/totp/qr.svg" },
        { "POST", "/api/v1/me/mfa/totp/confirm" },
        { "DELETE", "/api/v1/me/mfa/trusted-devices/{id}" },
    };

    [Theory]
    [MemberData(nameof(MeMfaEndpoints))]
    public async Task MeMfa_RefusesPlatformStaffAndApiKeys(string method, string path)
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, admin)).AccessToken;
        var key = (await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/api-keys", token,
            new { name = "k", permissions = new[] { Permissions.Settings.Read } }), HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var staff = await Tenants.Staff.SignedInAsync(fixture.Host, client);
        var target = path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        object? body = method == "POST" ? new { code = "123456" } : null;

        await ProblemAsync(await SendWithBearerAsync(client, new HttpMethod(method), target, staff, body), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendWithApiKeyAsync(client, new HttpMethod(method), target, key, body), HttpStatusCode.Forbidden);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM identity.mfa_totp WHERE user_id = @id", ("id", admin.Id)));
    }

    [Fact]
    public async Task AnotherTenantsTrustedDevice_IsNotFound_AndStillTrusted()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Agent);
        var client = fixture.Host.CreateClient();
        var enrolled = await EnrolAsync(client, user, fixture.Time);
        fixture.Time.Advance(Step);
        var device = (await JsonAsync(await VerifyAsync(client, await TicketAsync(client, user), TestTotp.Code(enrolled.Secret, fixture.Time.GetUtcNow()), trustDevice: true),
            HttpStatusCode.OK)).GetProperty("deviceToken").GetString()!;
        var id = Assert.Single((await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa", enrolled.AccessToken), HttpStatusCode.OK))
            .GetProperty("trustedDevices").EnumerateArray()).GetProperty("id").GetGuid();

        var (_, stranger) = await fixture.Data.CreateTenantWithUserAsync();
        var strangerToken = (await SignInForTokensAsync(client, stranger)).AccessToken;
        var response = await SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/me/mfa/trusted-devices/{id}", strangerToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(user.Email, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var theirs = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me/mfa", strangerToken), HttpStatusCode.OK);
        Assert.Empty(theirs.GetProperty("trustedDevices").EnumerateArray());
        var trusted = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/sign-in",
            new { tenant = user.Tenant.Slug, email = user.Email, password = user.Password, mode = "token" }, r => r.Headers.Add("X-Device-Token", device));
        Assert.NotEmpty(AccessTokenOf(await JsonAsync(trusted, HttpStatusCode.OK)));
    }
}
