using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Mfa;

public sealed record Enrolled(string Secret, IReadOnlyList<string> RecoveryCodes, string AccessToken);

/// <summary>MFA calls the tests share.</summary>
public static class MfaApi
{
    /// <summary>Signs in (no MFA yet), enrols TOTP and confirms it with the current code.</summary>
    public static async Task<Enrolled> EnrolAsync(HttpClient client, TestUser user, ManualTime time)
    {
        var token = (await SignInForTokensAsync(client, user)).AccessToken;
        var started = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/me/mfa/totp", token), HttpStatusCode.Created);
        var secret = started.GetProperty("secret").GetString()!;
        var confirmed = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", token,
            new { code = TestTotp.Code(secret, time.GetUtcNow()) }), HttpStatusCode.OK);
        var codes = confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        return new Enrolled(secret, codes, token);
    }

    /// <summary>Signs in with the password and expects the MFA step; returns the ticket.</summary>
    public static async Task<string> TicketAsync(HttpClient client, TestUser user, string expectedStatus = "mfaRequired", string mode = "token", string? deviceToken = null)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/sign-in",
            new { tenant = user.Tenant.Slug, email = user.Email, password = user.Password, mode },
            r => { if (deviceToken is not null) { r.Headers.Add("X-Device-Token", deviceToken); } });
        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(expectedStatus, body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("session", out _));
        Assert.False(body.TryGetProperty("tokens", out _));
        return body.GetProperty("ticket").GetString()!;
    }

    public static Task<HttpResponseMessage> VerifyAsync(HttpClient client, string ticket, string? code = null, string? recoveryCode = null, bool trustDevice = false)
        => client.PostAsJsonAsync(Url("/api/v1/auth/mfa"), new { ticket, code, recoveryCode, trustDevice });

    public static string AccessTokenOf(JsonElement body) => body.GetProperty("tokens").GetProperty("accessToken").GetString()!;
}
