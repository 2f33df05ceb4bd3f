using System.Security.Claims;
using OmniBots.Identity.Access;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Authentication;

/// <summary>Builds the principal a request runs as, in the <see cref="PlatformClaims"/> vocabulary,
/// with one <c>perm</c> claim per permission held now.</summary>
internal static class Principals
{
    public static ClaimsPrincipal ForUser(UserAccess access, SessionClaims session, string scheme)
    {
        var claims = new List<Claim>(8 + access.Permissions.Count)
        {
            new(PlatformClaims.Subject, access.UserId.ToString()),
            new(IdentityClaims.SessionId, session.SessionId.ToString()),
            new(IdentityClaims.SecurityStamp, session.SecurityStamp.ToString()),
        };
        if (access.TenantId is { } tenant)
        {
            claims.Add(new Claim(IdentityClaims.PrincipalKind, IdentityClaims.UserPrincipal));
            claims.Add(new Claim(PlatformClaims.TenantId, tenant.ToString()));
            claims.Add(new Claim(IdentityClaims.UserType, access.UserType ?? ""));
        }
        else
        {
            claims.Add(new Claim(IdentityClaims.PrincipalKind, IdentityClaims.PlatformUserPrincipal));
            claims.Add(new Claim(PlatformClaims.PlatformRole, access.PlatformRole ?? ""));
            if (access.PartnerId is { } partner)
            {
                claims.Add(new Claim(PlatformClaims.PartnerId, partner.ToString()));
            }
        }
        AddPermissions(claims, access.Permissions);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, PlatformClaims.Subject, null));
    }

    public static ClaimsPrincipal ForApiKey(Guid keyId, Guid tenantId, IReadOnlyList<string> permissions, string scheme)
    {
        var claims = new List<Claim>(3 + permissions.Count)
        {
            new(PlatformClaims.Subject, keyId.ToString()),
            new(PlatformClaims.TenantId, tenantId.ToString()),
            new(IdentityClaims.PrincipalKind, IdentityClaims.ApiKeyPrincipal),
        };
        AddPermissions(claims, permissions);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, PlatformClaims.Subject, null));
    }

    private static void AddPermissions(List<Claim> claims, IReadOnlyList<string> permissions)
    {
        foreach (var permission in permissions)
        {
            claims.Add(new Claim(PlatformClaims.Permission, permission));
        }
    }
}
