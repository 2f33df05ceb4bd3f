using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace OmniBots.Identity.Sso;

internal sealed record IdTokenClaims(string Subject, string Email);

internal sealed record IdTokenExpectations(string Issuer, string Audience, string Nonce, string JwksUri);

/// <summary>
/// Checks an ID token (RFC 7519 / OpenID Connect Core 3.1.3.7): RS256 signature with the provider's
/// key, then iss, aud (and azp when several audiences), exp and iat with <see cref="ClockSkew"/>, and
/// the nonce of this sign-in. Returns why it failed, for the audit log; never the token.
/// </summary>
internal sealed class IdTokenValidator(OidcMetadata metadata, TimeProvider time)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public async Task<(IdTokenClaims? Claims, string? Failure)> ValidateAsync(string idToken, IdTokenExpectations expected, CancellationToken ct)
    {
        var parts = idToken.Split('.');
        if (parts.Length != 3)
        {
            return (null, "malformed token");
        }
        JsonElement header, payload;
        try
        {
            header = JsonDocument.Parse(WebEncoders.Base64UrlDecode(parts[0])).RootElement;
            payload = JsonDocument.Parse(WebEncoders.Base64UrlDecode(parts[1])).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return (null, "malformed token");
        }
        // Only RS256: accepting the header's choice ("none", HS256 with the public key) is the classic JWT hole.
        if (Str(header, "alg") != "RS256" || Str(header, "kid") is not { } kid)
        {
            return (null, "unsupported algorithm or no key id");
        }
        if (await metadata.SigningKeyAsync(expected.JwksUri, kid, ct) is not { } key)
        {
            return (null, "unknown signing key");
        }
        using (var rsa = RSA.Create(key))
        {
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            byte[] signature;
            try
            {
                signature = WebEncoders.Base64UrlDecode(parts[2]);
            }
            catch (FormatException)
            {
                return (null, "malformed signature");
            }
            if (!rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return (null, "bad signature");
            }
        }
        if (Str(payload, "iss") != expected.Issuer)
        {
            return (null, "wrong issuer");
        }
        var audiences = payload.TryGetProperty("aud", out var aud)
            ? aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Select(a => a.GetString()).ToArray() : [aud.GetString()]
            : [];
        if (!audiences.Contains(expected.Audience, StringComparer.Ordinal) || (audiences.Length > 1 && Str(payload, "azp") != expected.Audience))
        {
            return (null, "wrong audience");
        }
        var now = time.GetUtcNow();
        if (Seconds(payload, "exp") is not { } exp || DateTimeOffset.FromUnixTimeSeconds(exp) + ClockSkew <= now)
        {
            return (null, "expired");
        }
        if (Seconds(payload, "iat") is not { } iat || DateTimeOffset.FromUnixTimeSeconds(iat) - ClockSkew > now)
        {
            return (null, "issued in the future");
        }
        var nonce = Str(payload, "nonce");
        if (nonce is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expected.Nonce)))
        {
            return (null, "wrong nonce");
        }
        if (Str(payload, "sub") is not { Length: > 0 } subject || Str(payload, "email") is not { Length: > 0 } email)
        {
            return (null, "no subject or email");
        }
        // A provider that says the address is unverified has not proven the user owns it.
        if (payload.TryGetProperty("email_verified", out var verified) && verified.ValueKind == JsonValueKind.False)
        {
            return (null, "email not verified");
        }
        return (new IdTokenClaims(subject, email), null);
    }

    private static string? Str(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Seconds(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? seconds : null;
}
