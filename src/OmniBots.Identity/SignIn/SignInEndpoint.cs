using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OmniBots.Identity.SignIn;

internal static class SignInEndpoint
{
    public static void MapSignIn(this RouteGroupBuilder auth)
        => auth.MapPost("/sign-in", HandleAsync).AllowAnonymous()
            .RequireRateLimiting(Security.IdentityRateLimits.SignIn)
            .WithName("SignIn")
            .WithSummary("Signs in with email and password: a portal session cookie (mode 'cookie') or an access and refresh token (mode 'token'); with MFA, a ticket for the next step (mfaRequired / mfaEnrolmentRequired).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<SignInResponse>, Ok<Mfa.MfaChallengeResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        SignInRequest request, SignInHandler handler, HttpContext http, CancellationToken ct)
    {
        var (valid, errors) = SignInValidation.Validate(request);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await handler.SignInAsync(http, valid, ct);
    }
}
