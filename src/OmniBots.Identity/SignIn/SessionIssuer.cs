using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OmniBots.Identity.Authentication;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;
using OmniBots.Identity.Tokens;

namespace OmniBots.Identity.SignIn;

internal static class SignInModes
{
    public const string Cookie = "cookie";
    public const string Token = "token";
}

/// <summary>An account that has proven who it is, about to get a session.</summary>
internal sealed record VerifiedAccount(Guid? TenantId, Guid UserId, Guid SecurityStamp, int IdleTimeoutMinutes);

internal sealed record StartedSession(SessionRecord Session, IssuedAccessToken? AccessToken, IssuedRefreshToken? RefreshToken);

/// <summary>
/// Starts a session for an account whose credentials were checked (password today; SSO and MFA
/// completion call this too): the session row, then the portal cookie, or an access token and the
/// first refresh token of the family.
/// </summary>
internal sealed class SessionIssuer(
    AccountConnections connections, SessionStore sessions, RefreshTokenStore refreshTokens, AccessTokens accessTokens, ISessionRevocation revocation)
{
    public async Task<StartedSession> StartAsync(HttpContext http, VerifiedAccount account, string mode, CancellationToken ct)
    {
        var kind = mode == SignInModes.Cookie ? SessionKinds.Cookie : SessionKinds.Token;
        await using var connection = await connections.OpenAsync(account.TenantId, "platform sign-in", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var session = await sessions.CreateAsync(connection, new NewSession(account.TenantId, account.UserId, account.SecurityStamp, kind,
            account.IdleTimeoutMinutes, http.Connection.RemoteIpAddress, http.Request.Headers.UserAgent.ToString()), ct);
        var refresh = kind == SessionKinds.Token
            ? await refreshTokens.IssueAsync(connection, account.TenantId, session.Id, account.IdleTimeoutMinutes, session.ExpiresAt, ct)
            : null;
        await transaction.CommitAsync(ct);

        var claims = new SessionClaims(account.UserId, account.TenantId, session.Id, account.SecurityStamp, session.ExpiresAt);
        if (kind == SessionKinds.Token)
        {
            return new StartedSession(session, accessTokens.Issue(claims), refresh);
        }
        // The browser's previous session cookie is about to be overwritten: end that session rather
        // than leave it valid and unreachable until it times out.
        if (http.User.Identity?.AuthenticationType == IdentitySchemes.Cookie && http.User.SessionId() is { } previous)
        {
            await revocation.RevokeSessionAsync(http.User.TenantId(), previous, "replaced by a new sign-in", ct);
        }
        var idleEnd = session.CreatedAt.AddMinutes(account.IdleTimeoutMinutes);
        // The ticket's span (expires - issued) is what sliding renewal keeps: the tenant's idle timeout.
        // A browser-session cookie: closing the browser ends it sooner.
        await http.SignInAsync(IdentitySchemes.Cookie, claims.ToTicketPrincipal(IdentitySchemes.Cookie), new AuthenticationProperties
        {
            IssuedUtc = session.CreatedAt,
            ExpiresUtc = idleEnd < session.ExpiresAt ? idleEnd : session.ExpiresAt,
            AllowRefresh = true,
            IsPersistent = false,
        });
        return new StartedSession(session, null, null);
    }
}
