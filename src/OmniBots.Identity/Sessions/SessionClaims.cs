using System.Globalization;
using System.Security.Claims;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Sessions;

/// <summary>
/// What a session credential (cookie ticket or access token) says, and nothing more: who, which
/// tenant, which session, which security stamp, and when the session ends. Roles and permissions
/// are not in it: they are read (cached) at each request, so a change applies without signing in again.
/// </summary>
internal sealed record SessionClaims(Guid UserId, Guid? TenantId, Guid SessionId, Guid SecurityStamp, DateTimeOffset SessionExpiresAt)
{
    private const string SessionExpiresClaim = "session_exp";

    public bool IsPlatformUser => TenantId is null;

    /// <summary>The minimal principal a cookie ticket stores.</summary>
    public ClaimsPrincipal ToTicketPrincipal(string scheme)
    {
        var claims = new List<Claim>(6)
        {
            new(PlatformClaims.Subject, UserId.ToString()),
            new(IdentityClaims.SessionId, SessionId.ToString()),
            new(IdentityClaims.SecurityStamp, SecurityStamp.ToString()),
            new(SessionExpiresClaim, SessionExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new(IdentityClaims.PrincipalKind, IsPlatformUser ? IdentityClaims.PlatformUserPrincipal : IdentityClaims.UserPrincipal),
        };
        if (TenantId is { } tenant)
        {
            claims.Add(new Claim(PlatformClaims.TenantId, tenant.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>Reads a ticket principal back; null when any part is missing or malformed.</summary>
    public static SessionClaims? FromTicketPrincipal(ClaimsPrincipal principal)
    {
        var kind = principal.FindFirst(IdentityClaims.PrincipalKind)?.Value;
        if (principal.SubjectId() is not { } user || principal.SessionId() is not { } session
            || !Guid.TryParse(principal.FindFirst(IdentityClaims.SecurityStamp)?.Value, out var stamp)
            || !long.TryParse(principal.FindFirst(SessionExpiresClaim)?.Value, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        var tenant = principal.TenantId();
        var consistent = kind == IdentityClaims.PlatformUserPrincipal ? tenant is null : kind == IdentityClaims.UserPrincipal && tenant is not null;
        return consistent ? new SessionClaims(user, tenant, session, stamp, DateTimeOffset.FromUnixTimeSeconds(expires)) : null;
    }
}
