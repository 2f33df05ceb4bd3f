using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace OmniBots.Identity.Sso;

/// <summary>What a sign-in started with and the callback must match: kept in the browser, encrypted and authenticated.</summary>
internal sealed record SsoFlow(Guid TenantId, Guid ConnectionId, string State, string Nonce, string CodeVerifier, string RedirectUri, DateTimeOffset ExpiresAt);

/// <summary>
/// The state, nonce and PKCE verifier of a sign-in in progress, in a Data Protection cookie bound to
/// the browser that started it (so a callback from another browser, or forged, fails the state check),
/// valid ten minutes and deleted by the callback.
/// </summary>
internal sealed class SsoFlowState(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string CookieName = "omnibots_sso";
    public const string CallbackPath = "/api/v1/auth/sso/callback";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("OmniBots.Identity.Sso.Flow.v1");

    public SsoFlow Start(HttpContext http, Guid tenantId, Guid connectionId)
    {
        var flow = new SsoFlow(tenantId, connectionId, Random(), Random(), Random(),
            $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{CallbackPath}", time.GetUtcNow() + Lifetime);
        http.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(flow)), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            // Lax: the provider's redirect back is a top-level GET navigation from another site.
            SameSite = SameSiteMode.Lax,
            Path = CallbackPath,
            MaxAge = Lifetime,
        });
        return flow;
    }

    /// <summary>The flow when the cookie is readable, unexpired and its state equals <paramref name="state"/>; the cookie is deleted either way.</summary>
    public SsoFlow? Finish(HttpContext http, string? state)
    {
        var cookie = http.Request.Cookies[CookieName];
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CallbackPath });
        if (cookie is null || state is null)
        {
            return null;
        }
        SsoFlow? flow;
        try
        {
            flow = JsonSerializer.Deserialize<SsoFlow>(_protector.Unprotect(cookie));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
        return flow is not null && flow.ExpiresAt > time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(flow.State), Encoding.UTF8.GetBytes(state))
            ? flow : null;
    }

    public static string CodeChallenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Random() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
