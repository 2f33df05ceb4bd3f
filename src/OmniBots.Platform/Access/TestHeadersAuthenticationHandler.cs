using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Access;

/// <summary>
/// Testing environment only (and only with <c>Testing:TrustTenantHeader</c>): signs the caller in
/// from <c>X-Test-Tenant</c>, <c>X-Test-Platform-Role</c> and <c>X-Test-Permissions</c> headers,
/// so foundation tests exercise tenancy and policies through HTTP before real credentials exist.
/// Never registered in any other environment.
/// </summary>
internal sealed class TestHeadersAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = TestHeadersScheme.Name;
    public const string TenantHeader = "X-Test-Tenant";
    public const string PlatformRoleHeader = "X-Test-Platform-Role";
    public const string PermissionsHeader = "X-Test-Permissions";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var claims = new List<Claim>();
        if (Guid.TryParse(Request.Headers[TenantHeader], out var tenant))
        {
            claims.Add(new Claim(PlatformClaims.TenantId, tenant.ToString()));
        }
        if (Request.Headers[PlatformRoleHeader].ToString() is { Length: > 0 } role)
        {
            claims.Add(new Claim(PlatformClaims.PlatformRole, role));
        }
        foreach (var permission in Request.Headers[PermissionsHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            claims.Add(new Claim(PlatformClaims.Permission, permission));
        }
        if (claims.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        claims.Add(new Claim(PlatformClaims.Subject, "test-user"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>What the identity module's scheme selector needs to leave Testing header requests to
/// <see cref="TestHeadersAuthenticationHandler"/>: its name, and how to recognise such a request.</summary>
public static class TestHeadersScheme
{
    public const string Name = "TestHeaders";

    /// <summary>True when the request carries any of the Testing headers (<c>X-Test-*</c>).</summary>
    public static bool IsUsedBy(Microsoft.AspNetCore.Http.HttpRequest request)
        => request.Headers.ContainsKey(TestHeadersAuthenticationHandler.TenantHeader)
           || request.Headers.ContainsKey(TestHeadersAuthenticationHandler.PlatformRoleHeader)
           || request.Headers.ContainsKey(TestHeadersAuthenticationHandler.PermissionsHeader);
}
