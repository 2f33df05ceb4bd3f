using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OmniBots.Identity.Antiforgery;

/// <param name="HeaderName">Send <see cref="Token"/> in this header with every state-changing cookie request.</param>
internal sealed record CsrfTokenResponse(string HeaderName, string Token);

internal static class CsrfEndpoint
{
    /// <summary>Call after signing in: the token is bound to the signed-in user (and sets its companion cookie).</summary>
    public static void MapCsrf(this RouteGroupBuilder auth)
        => auth.MapGet("/csrf", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new CsrfTokenResponse(CookieAntiforgeryMiddleware.HeaderName, tokens.RequestToken!));
            })
            .RequireAuthorization()
            .WithName("GetCsrfToken")
            .WithSummary("The antiforgery token that state-changing requests signed in with the session cookie must send in X-CSRF-Token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
