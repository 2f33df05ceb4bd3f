using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Authentication;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;
using OmniBots.Identity.SignIn;

namespace OmniBots.Identity.Tokens;

internal sealed record RefreshRequest(string? RefreshToken);

internal static class RefreshEndpoint
{
    public static void MapRefresh(this RouteGroupBuilder auth)
        => auth.MapPost("/refresh", HandleAsync).AllowAnonymous()
            .RequireRateLimiting(Security.IdentityRateLimits.Refresh)
            .WithName("RefreshTokens")
            .WithSummary("Exchanges a refresh token (once) for a new access token and refresh token. Presenting a used refresh token again revokes its session.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RefreshRequest request, RefreshTokenStore store, SessionValidator validator, ISessionRevocation revocation,
        AccessTokens accessTokens, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["A refresh token is required."] });
        }
        var outcome = await store.RotateAsync(request.RefreshToken.Trim(), ct);
        switch (outcome)
        {
            case RotationOutcome.Rotated rotated:
                // The same checks as any request of the session: the user and tenant are active and
                // the credentials did not change since sign-in; otherwise the session ends here.
                var validation = await validator.ValidateAsync(rotated.Session, IdentitySchemes.Bearer, ct);
                if (validation.Principal is null)
                {
                    await revocation.RevokeSessionAsync(rotated.Session.TenantId, rotated.Session.SessionId, "account no longer valid", ct);
                    return Unauthorized(validation.Failure!);
                }
                return TypedResults.Ok(TokenResponse.From(accessTokens.Issue(rotated.Session), rotated.RefreshToken, time.GetUtcNow()));
            case RotationOutcome.Reused:
                return Unauthorized("This refresh token was used before, so its session has been revoked: sign in again.");
            case RotationOutcome.Refused refused:
                return Unauthorized(refused.Reason);
            default:
                throw new InvalidOperationException("Unexpected rotation outcome.");
        }
    }

    private static ProblemHttpResult Unauthorized(string detail)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused");
}
