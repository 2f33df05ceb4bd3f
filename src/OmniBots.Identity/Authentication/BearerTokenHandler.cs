using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniBots.Identity.Authentication;

/// <summary><c>Authorization: Bearer &lt;access token&gt;</c>: a token of <see cref="AccessTokens"/> whose session is still valid.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokens tokens,
    SessionValidator validator,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (tokens.Read(header[Prefix.Length..].Trim()) is not ({ } session, var expiresAt))
        {
            return Failed("The access token is not valid.");
        }
        if (time.GetUtcNow() >= expiresAt)
        {
            return Failed("The access token has expired: get a new one with the refresh token.");
        }
        var validation = await validator.ValidateAsync(session, Scheme.Name, Context.RequestAborted);
        return validation.Principal is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name))
            : Failed(validation.Failure!);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = AuthFailure.Read(Context) is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        return Task.CompletedTask;
    }

    private AuthenticateResult Failed(string reason)
    {
        AuthFailure.Record(Context, reason);
        return AuthenticateResult.Fail(reason);
    }
}
