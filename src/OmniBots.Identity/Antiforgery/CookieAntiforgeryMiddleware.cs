using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Antiforgery;

/// <summary>
/// A browser sends the session cookie with any request to this site, including one a hostile page
/// makes it send; so a state-changing request signed in by the cookie must also carry the
/// <c>X-CSRF-Token</c> header (from <c>GET /api/v1/auth/csrf</c>), which another origin cannot read.
/// Bearer tokens and API keys are exempt: a browser never attaches them by itself. Endpoints that
/// allow anonymous callers (sign-in, refresh) ignore the cookie and are exempt too.
/// </summary>
internal sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problems)
{
    public const string HeaderName = "X-CSRF-Token";

    public async Task InvokeAsync(HttpContext context)
    {
        if (NeedsToken(context) && !await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Missing or invalid antiforgery token",
                Detail = $"Requests that change something and are signed in with the session cookie need the {HeaderName} header from GET /api/v1/auth/csrf.",
            };
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [HeaderName] = ["Missing or not valid for this session."] };
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            return;
        }
        await next(context);
    }

    private static bool NeedsToken(HttpContext context)
        => !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
             || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
           && context.User.Identity is { IsAuthenticated: true, AuthenticationType: IdentitySchemes.Cookie }
           && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null;
}
