using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using OmniBots.Identity.SignIn;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Sso;

internal sealed record SsoSignInResponse(Guid UserId, Guid TenantId, SessionView Session, bool UserCreated);

/// <summary>
/// <c>/api/v1/auth/sso/…</c>: the OpenID Connect authorization-code flow with PKCE (S256), state and
/// nonce, ending in a portal session cookie. Every failure is a problem document and an audit entry
/// saying why (never a token or secret).
/// </summary>
internal static partial class SsoFlowEndpoints
{
    public static void MapSsoFlow(this RouteGroupBuilder auth)
    {
        auth.MapGet("/sso/{tenantSlug}/{connectionId:guid}/start", StartAsync).AllowAnonymous().WithTags("SSO").WithName("StartSso")
            .WithSummary("Redirects to the identity provider (authorization code flow with PKCE).").ProducesProblem(StatusCodes.Status404NotFound);
        auth.MapGet("/sso/callback", CallbackAsync).AllowAnonymous().WithTags("SSO").WithName("SsoCallback")
            .WithSummary("The provider's redirect back: checks state, redeems the code, validates the ID token and starts a session.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<RedirectHttpResult, NotFound, ProblemHttpResult>> StartAsync(
        string tenantSlug, Guid connectionId, HttpContext http, ITenantDirectory tenants, SsoConnections connections, OidcMetadata metadata, SsoFlowState flows,
        ILogger<SsoFlowState> logger, CancellationToken ct)
    {
        if (tenantSlug.Length > 63 || await tenants.FindBySlugAsync(tenantSlug.ToLowerInvariant(), "sso start", ct) is not { Status: TenantStatus.Active } tenant
            || await connections.FindAsync(tenant.Id, connectionId, ct) is not { Provider.Enabled: true } connection)
        {
            return TypedResults.NotFound();
        }
        OidcDiscovery discovery;
        try
        {
            discovery = await metadata.DiscoverAsync(connection.Provider.DiscoveryUrl, ct);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            LogDiscoveryFailed(logger, connection.Provider.DiscoveryUrl, e.GetType().Name);
            return TypedResults.Problem("The identity provider cannot be reached.", statusCode: StatusCodes.Status502BadGateway, title: "Provider unavailable");
        }
        var flow = flows.Start(http, tenant.Id, connection.View.Id);
        var url = QueryHelpers.AddQueryString(discovery.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = connection.View.ClientId,
            ["redirect_uri"] = flow.RedirectUri,
            ["scope"] = "openid email profile",
            ["state"] = flow.State,
            ["nonce"] = flow.Nonce,
            ["code_challenge"] = SsoFlowState.CodeChallenge(flow.CodeVerifier),
            ["code_challenge_method"] = "S256",
        });
        return TypedResults.Redirect(url);
    }

    private static async Task<Results<Ok<SsoSignInResponse>, ProblemHttpResult>> CallbackAsync(
        string? code, string? state, string? error, HttpContext http, SsoFlowState flows, SsoConnections connections, ITenantContext tenantContext,
        ISecretProtector protector, OidcMetadata metadata, OidcTokenClient tokenClient, IdTokenValidator validator, SsoUsers users,
        ITenantDirectory tenants, SessionIssuer issuer, IAuditLog audit, CancellationToken ct)
    {
        if (flows.Finish(http, state) is not { } flow)
        {
            await AuditAsync(audit, null, null, "state missing, expired or not this browser's", ct);
            return TypedResults.Problem("The sign-in state is missing, expired or does not match: start again.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid SSO state");
        }
        tenantContext.Set(flow.TenantId);
        if (error is not null || string.IsNullOrEmpty(code))
        {
            await AuditAsync(audit, flow, null, "provider returned no code", ct);
            return Refused("The identity provider did not sign you in.");
        }
        if (await connections.FindAsync(flow.TenantId, flow.ConnectionId, ct) is not { Provider.Enabled: true } connection)
        {
            await AuditAsync(audit, flow, null, "connection removed or provider disabled", ct);
            return Refused("This SSO connection is no longer available.");
        }
        IdTokenClaims? claims;
        string? failure;
        try
        {
            var discovery = await metadata.DiscoverAsync(connection.Provider.DiscoveryUrl, ct);
            var idToken = await tokenClient.RedeemAsync(discovery, connection.View.ClientId, protector.Unprotect(SsoConnectionEndpoints.SecretPurpose, connection.ProtectedClientSecret), code, flow, ct);
            (claims, failure) = idToken is null
                ? (null, "code not redeemed")
                : await validator.ValidateAsync(idToken, new IdTokenExpectations(connection.Provider.Issuer, connection.View.ClientId, flow.Nonce, discovery.JwksUri), ct);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            (claims, failure) = (null, "provider unreachable");
        }
        if (claims is null)
        {
            await AuditAsync(audit, flow, null, failure!, ct);
            return Refused("The identity provider's answer could not be verified.");
        }
        var domain = claims.Email[(claims.Email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        if (connection.View.AllowedDomains.Count > 0 && !connection.View.AllowedDomains.Contains(domain, StringComparer.Ordinal))
        {
            await AuditAsync(audit, flow, claims.Email, "email domain not allowed", ct);
            return TypedResults.Problem("Your email domain is not allowed to sign in to this tenant.", statusCode: StatusCodes.Status403Forbidden, title: "Domain not allowed");
        }
        var user = await users.FindOrCreateAsync(flow.TenantId, claims.Email, connection.View.AutoCreateUsers, connection.View.DefaultRole, ct);
        if (user is null)
        {
            await AuditAsync(audit, flow, claims.Email, "no such user and auto-create is off", ct);
            return TypedResults.Problem("There is no account for this email in the tenant: ask an administrator for an invitation.", statusCode: StatusCodes.Status403Forbidden, title: "No account");
        }
        if (user.Status != "active" || await tenants.FindAsync(flow.TenantId, "sso callback", ct) is not { Status: TenantStatus.Active } tenant)
        {
            await AuditAsync(audit, flow, claims.Email, "account or tenant not active", ct);
            return TypedResults.Problem("This account or tenant is not active.", statusCode: StatusCodes.Status403Forbidden, title: "Account not active");
        }
        var started = await issuer.StartAsync(http, new VerifiedAccount(flow.TenantId, user.Id, user.SecurityStamp, tenant.Settings.SessionTimeoutMinutes), SignInModes.Cookie, ct);
        await audit.RecordAsync(new AuditEntry("sso.signed_in")
        {
            Actor = new AuditActor("user", user.Id.ToString(), claims.Email),
            TargetType = "user",
            TargetId = user.Id.ToString(),
            Details = new { connectionId = flow.ConnectionId, userCreated = user.Created },
        }, ct);
        var session = started.Session;
        return TypedResults.Ok(new SsoSignInResponse(user.Id, flow.TenantId,
            new SessionView(session.Id, session.Kind, session.CreatedAt, session.ExpiresAt, session.IdleTimeoutMinutes), user.Created));
    }

    private static ProblemHttpResult Refused(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "SSO sign-in failed");

    private static Task AuditAsync(IAuditLog audit, SsoFlow? flow, string? email, string reason, CancellationToken ct)
        => audit.RecordAsync(new AuditEntry("sso.sign_in_failed", AuditResult.Failure)
        {
            TenantId = flow?.TenantId,
            Actor = new AuditActor("anonymous", null, email),
            TargetType = flow is null ? null : "sso_connection",
            TargetId = flow?.ConnectionId.ToString(),
            Details = new { reason },
        }, ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SSO discovery document {Url} could not be read ({Error})")]
    private static partial void LogDiscoveryFailed(ILogger logger, string url, string error);
}
