using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OmniBots.Identity.Authentication;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Authorization;

/// <summary>
/// Challenges and forbids as usual, then says why in the problem document: the credential's
/// failure (expired, revoked…) for a 401, the missing permission for a 403.
/// </summary>
internal sealed class AuthorizationProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (context.Response.HasStarted || (!authorizeResult.Challenged && !authorizeResult.Forbidden))
        {
            return;
        }
        var status = context.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status401Unauthorized => AuthFailure.Read(context)
                ?? "Sign in first: send the session cookie, an 'Authorization: Bearer' access token or an API key.",
            StatusCodes.Status403Forbidden => ForbiddenDetail(authorizeResult),
            _ => null,
        };
        if (detail is null)
        {
            return;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    private static string ForbiddenDetail(PolicyAuthorizationResult result)
    {
        var missing = result.AuthorizationFailure?.FailedRequirements.OfType<ClaimsAuthorizationRequirement>()
            .Where(r => r.ClaimType == PlatformClaims.Permission)
            .SelectMany(r => r.AllowedValues ?? [])
            .ToArray() ?? [];
        return missing.Length > 0
            ? $"This needs the permission {string.Join(", ", missing.Select(p => $"'{p}'"))}."
            : "You are signed in but not allowed to do this.";
    }
}
