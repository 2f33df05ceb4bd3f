using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Sessions;

namespace OmniBots.Identity.Authentication;

internal sealed record IssuedAccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Self-contained bearer access tokens: the session's claims and an expiry, encrypted and
/// authenticated with Data Protection (the key ring every replica shares), as base64url. Nothing
/// is stored: a token is honoured until it expires unless its session is revoked, which every
/// request checks.
/// </summary>
internal sealed class AccessTokens(IDataProtectionProvider provider, TimeProvider time, IOptions<IdentitySettings> settings)
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 1 + (16 * 4) + (8 * 2);
    private readonly IDataProtector _protector = provider.CreateProtector("OmniBots.Identity.AccessToken.v1");

    /// <summary>
    /// Every Data Protection payload starts with this magic header (then the key id). A token without it is not ours:
    /// refusing it here spares the CryptographicException <c>Unprotect</c> would throw, which is costly on a hot path
    /// (every /v1 call of the LLM gateway presents a virtual key <c>obk-…</c> that reaches this check).
    /// </summary>
    private static ReadOnlySpan<byte> MagicHeader => [0x09, 0xF0, 0xC9, 0xF0];

    public IssuedAccessToken Issue(SessionClaims session)
    {
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(settings.Value.AccessTokenMinutes);
        expires = expires < session.SessionExpiresAt ? expires : session.SessionExpiresAt;
        Span<byte> payload = stackalloc byte[PayloadLength];
        payload[0] = Version;
        payload[1] = session.TenantId is null ? (byte)0 : (byte)1;
        session.UserId.TryWriteBytes(payload[2..18]);
        (session.TenantId ?? Guid.Empty).TryWriteBytes(payload[18..34]);
        session.SessionId.TryWriteBytes(payload[34..50]);
        session.SecurityStamp.TryWriteBytes(payload[50..66]);
        BinaryPrimitives.WriteInt64LittleEndian(payload[66..74], session.SessionExpiresAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64LittleEndian(payload[74..82], expires.ToUnixTimeSeconds());
        return new IssuedAccessToken(Base64Url.EncodeToString(_protector.Protect(payload.ToArray())), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The session a token names and when the token expires, or null when it is not one of ours (altered, foreign, garbage).</summary>
    public (SessionClaims Session, DateTimeOffset ExpiresAt)? Read(string token)
    {
        if (token.Length is 0 or > 2048 || !Base64Url.IsValid(token))
        {
            return null;
        }
        var protectedPayload = Base64Url.DecodeFromChars(token);
        if (!protectedPayload.AsSpan().StartsWith(MagicHeader))
        {
            return null;
        }
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(protectedPayload);
        }
        catch (CryptographicException)
        {
            return null;
        }
        if (payload.Length != PayloadLength || payload[0] != Version)
        {
            return null;
        }
        var span = payload.AsSpan();
        var session = new SessionClaims(
            new Guid(span[2..18]),
            span[1] == 1 ? new Guid(span[18..34]) : null,
            new Guid(span[34..50]),
            new Guid(span[50..66]),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64LittleEndian(span[66..74])));
        return (session, DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64LittleEndian(span[74..82])));
    }
}
