using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Identity.Access;
using OmniBots.Identity.Sessions;

namespace OmniBots.Identity.Authentication;

/// <summary>The outcome of checking a session credential: the principal to run as, or why not.</summary>
internal readonly record struct SessionValidation(ClaimsPrincipal? Principal, string? Failure)
{
    public static SessionValidation Fail(string reason) => new(null, reason);
}

/// <summary>
/// What every cookie and bearer request checks, from memory: the session is not revoked (this
/// replica's revoked set) nor past its end, the tenant and the user are active, and the user's
/// security stamp is the one the credential was issued with. Then it records activity (throttled).
/// </summary>
internal sealed class SessionValidator(
    RevokedSessions revoked, AccessCache cache, SessionStore sessions, TimeProvider time, ILogger<SessionValidator> logger)
{
    public async Task<SessionValidation> ValidateAsync(SessionClaims session, string scheme, CancellationToken ct)
    {
        if (revoked.IsRevoked(session.SessionId))
        {
            return SessionValidation.Fail("The session was signed out or revoked.");
        }
        if (time.GetUtcNow() >= session.SessionExpiresAt)
        {
            return SessionValidation.Fail("The session has expired.");
        }
        if (session.TenantId is { } tenantId && await cache.GetTenantAsync(tenantId, ct) is not { IsActive: true })
        {
            return SessionValidation.Fail("The tenant is not active.");
        }
        var access = await cache.GetUserAsync(session.TenantId, session.UserId, ct);
        if (access is not { IsActive: true })
        {
            return SessionValidation.Fail("The account is not active.");
        }
        if (access.SecurityStamp != session.SecurityStamp)
        {
            return SessionValidation.Fail("The account's credentials changed after this sign-in.");
        }
        try
        {
            await sessions.TouchAsync(session.TenantId, session.SessionId, ct);
        }
        catch (NpgsqlException ex)
        {
            // Activity is informational; failing the request for it would turn a database hiccup into sign-outs.
            logger.LogWarning(ex, "Could not record activity of session {SessionId}", session.SessionId);
        }
        return new SessionValidation(Principals.ForUser(access, session, scheme), null);
    }
}
