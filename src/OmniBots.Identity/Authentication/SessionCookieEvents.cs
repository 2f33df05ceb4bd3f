using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;

namespace OmniBots.Identity.Authentication;

/// <summary>
/// The portal cookie: the ticket names a session (see <see cref="SessionClaims"/>); each request
/// checks it like a bearer token and runs as a principal rebuilt with current permissions. The
/// cookie itself keeps only the ticket principal: the handler captures it for sliding renewal
/// before this event replaces it. An API answers 401/403, never a redirect to a login page.
/// </summary>
internal sealed class SessionCookieEvents(SessionValidator validator) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var session = context.Principal is { } ticket ? SessionClaims.FromTicketPrincipal(ticket) : null;
        var validation = session is null
            ? SessionValidation.Fail("The session cookie is not valid.")
            : await validator.ValidateAsync(session, IdentitySchemes.Cookie, context.HttpContext.RequestAborted);
        if (validation.Principal is { } principal)
        {
            context.ReplacePrincipal(principal);
            return;
        }
        AuthFailure.Record(context.HttpContext, validation.Failure!);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentitySchemes.Cookie);
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    public override Task RedirectToLogout(RedirectContext<CookieAuthenticationOptions> context) => Task.CompletedTask;

    public override Task RedirectToReturnUrl(RedirectContext<CookieAuthenticationOptions> context) => Task.CompletedTask;
}
