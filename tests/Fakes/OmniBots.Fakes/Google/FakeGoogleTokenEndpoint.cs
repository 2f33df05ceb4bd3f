using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>
/// Google's OAuth 2.0 token endpoint for the JWT-bearer grant (<c>POST /token</c>, form
/// <c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&amp;assertion=…</c>). It checks the assertion as
/// Google does: RS256 signature by a trusted service account's key, <c>iss</c> = that account,
/// <c>aud</c> = this endpoint, the cloud-platform <c>scope</c>, <c>iat</c>/<c>exp</c> (at most one hour, valid now
/// by the fake's clock). It then issues <c>{access_token, expires_in, token_type: "Bearer"}</c>; anything
/// wrong gets <c>400 {"error": "invalid_grant", "error_description": …}</c>.
/// </summary>
public sealed class FakeGoogleTokenEndpoint(TimeProvider time)
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    private readonly ConcurrentDictionary<string, RSA> _trusted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private int _count;

    public Uri TokenUri { get; internal set; } = null!;
    /// <summary>The <c>expires_in</c> of tokens issued from now on.</summary>
    public int ExpiresInSeconds { get; set; } = 3599;
    /// <summary>Every token request received, accepted or not.</summary>
    public int Requests => Volatile.Read(ref _count);

    internal void Trust(string clientEmail, RSA publicKey) => _trusted[clientEmail] = publicKey;

    /// <summary>An access token this endpoint issued and that has not expired by the fake's clock.</summary>
    public bool IsValid(string token) => _issued.TryGetValue(token, out var expires) && time.GetUtcNow() < expires;

    internal async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _count);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            await RefuseAsync(context, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
            return;
        }
        string? problem;
        try
        {
            problem = Check(form["assertion"].ToString());
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problem = "Invalid JWT: " + ex.Message;
        }
        if (problem is not null)
        {
            await RefuseAsync(context, "invalid_grant", problem);
            return;
        }
        var token = "ya29.fake-" + Guid.NewGuid().ToString("N");
        _issued[token] = time.GetUtcNow().AddSeconds(ExpiresInSeconds);
        await context.Response.WriteAsJsonAsync(new JsonObject { ["access_token"] = token, ["expires_in"] = ExpiresInSeconds, ["token_type"] = "Bearer" });
    }

    /// <summary>Null when the assertion is acceptable, else what Google would say.</summary>
    private string? Check(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
        }
        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return "Invalid JWT: alg must be RS256.";
        }
        var c = claims.RootElement;
        var iss = c.TryGetProperty("iss", out var i) ? i.GetString() ?? "" : "";
        if (!_trusted.TryGetValue(iss, out var key))
        {
            return "Invalid JWT Signature.";
        }
        if (!key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "Invalid JWT Signature.";
        }
        if (!c.TryGetProperty("aud", out var aud) || aud.GetString() != TokenUri.ToString())
        {
            return "Invalid JWT: Failed audience check.";
        }
        if (!c.TryGetProperty("scope", out var scope) || !(scope.GetString() ?? "").Split(' ').Contains(CloudPlatformScope))
        {
            return "Invalid OAuth scope or ID token audience provided.";
        }
        var iat = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("iat").GetInt64());
        var exp = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("exp").GetInt64());
        var now = time.GetUtcNow();
        if (exp <= iat || exp - iat > TimeSpan.FromHours(1) || iat > now.AddMinutes(5) || exp < now)
        {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
        }
        return null;
    }

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private static Task RefuseAsync(HttpContext context, string error, string description)
    {
        context.Response.StatusCode = 400;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = error, ["error_description"] = description });
    }
}
