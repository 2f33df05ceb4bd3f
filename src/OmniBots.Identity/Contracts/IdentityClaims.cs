using System.Globalization;
using System.Security.Claims;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Contracts;

/// <summary>Claim types the identity module adds to <see cref="PlatformClaims"/>.</summary>
public static class IdentityClaims
{
    /// <summary>The sign-in session a cookie or bearer token belongs to; absent for API keys.</summary>
    public const string SessionId = "sid";

    /// <summary>The user's security stamp when the credential was issued.</summary>
    public const string SecurityStamp = "stamp";

    /// <summary>The tenant user's type (<see cref="SystemRoles.UserTypes"/>).</summary>
    public const string UserType = "user_type";

    /// <summary>What signed in: <see cref="UserPrincipal"/>, <see cref="PlatformUserPrincipal"/> or <see cref="ApiKeyPrincipal"/>.</summary>
    public const string PrincipalKind = "principal_kind";

    public const string UserPrincipal = "user";
    public const string PlatformUserPrincipal = "platform_user";
    public const string ApiKeyPrincipal = "api_key";
}

/// <summary>The authentication schemes. The default is a policy scheme that picks one per request.</summary>
public static class IdentitySchemes
{
    public const string Default = "OmniBots";
    public const string Cookie = "OmniBots.Cookie";
    public const string Bearer = "OmniBots.Bearer";
    public const string ApiKey = "OmniBots.ApiKey";
}

/// <summary>Reading the caller from the principal, so modules do not parse claims themselves.</summary>
public static class IdentityPrincipalExtensions
{
    /// <summary>The user id, or the API key id for an API key.</summary>
    public static Guid? SubjectId(this ClaimsPrincipal principal) => GuidClaim(principal, PlatformClaims.Subject);

    public static Guid? TenantId(this ClaimsPrincipal principal) => GuidClaim(principal, PlatformClaims.TenantId);

    public static Guid? SessionId(this ClaimsPrincipal principal) => GuidClaim(principal, IdentityClaims.SessionId);

    public static bool IsApiKey(this ClaimsPrincipal principal)
        => principal.HasClaim(IdentityClaims.PrincipalKind, IdentityClaims.ApiKeyPrincipal);

    public static bool HasPermission(this ClaimsPrincipal principal, string permission)
        => principal.HasClaim(PlatformClaims.Permission, permission);

    public static IReadOnlyList<string> Permissions(this ClaimsPrincipal principal)
        => [.. principal.FindAll(PlatformClaims.Permission).Select(c => c.Value)];

    private static Guid? GuidClaim(ClaimsPrincipal principal, string type)
        => principal.FindFirst(type)?.Value is { } value && Guid.TryParse(value, CultureInfo.InvariantCulture, out var id) ? id : null;
}
