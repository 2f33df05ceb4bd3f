using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.SignOut;

internal sealed record SignedOutEverywhere(int RevokedSessions);

/// <summary>Ends the caller's session, or all of them. Revocation is what counts: the cookie,
/// access tokens and refresh tokens of a revoked session are refused on every replica.</summary>
internal static class SignOutEndpoints
{
    public static void MapSignOut(this RouteGroupBuilder auth)
    {
        auth.MapPost("/sign-out", SignOutAsync).RequireAuthorization()
            .WithName("SignOut").WithSummary("Ends the current session: its cookie, access tokens and refresh tokens stop working.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/sign-out-everywhere", SignOutEverywhereAsync).RequireAuthorization()
            .WithName("SignOutEverywhere").WithSummary("Ends every session of the signed-in user, this one included.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOutAsync(
        ClaimsPrincipal user, HttpContext http, ISessionRevocation revocation, CancellationToken ct)
    {
        if (user.SessionId() is not { } session)
        {
            return NoSession();
        }
        await revocation.RevokeSessionAsync(user.TenantId(), session, "signed out", ct);
        await ForgetCookieAsync(http, user);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SignedOutEverywhere>, ProblemHttpResult>> SignOutEverywhereAsync(
        ClaimsPrincipal user, HttpContext http, ISessionRevocation revocation, CancellationToken ct)
    {
        if (user.SessionId() is null || user.SubjectId() is not { } userId)
        {
            return NoSession();
        }
        var revoked = await revocation.RevokeAllSessionsAsync(user.TenantId(), userId, "signed out everywhere", ct);
        await ForgetCookieAsync(http, user);
        return TypedResults.Ok(new SignedOutEverywhere(revoked));
    }

    private static Task ForgetCookieAsync(HttpContext http, ClaimsPrincipal user)
        => user.Identity?.AuthenticationType == IdentitySchemes.Cookie ? http.SignOutAsync(IdentitySchemes.Cookie) : Task.CompletedTask;

    private static ProblemHttpResult NoSession()
        => TypedResults.Problem("This credential has no sign-in session (an API key): revoke the key instead.",
            statusCode: StatusCodes.Status400BadRequest, title: "No session to end");
}
