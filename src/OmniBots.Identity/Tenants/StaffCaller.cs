using System.Security.Claims;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Tenants;

/// <summary>Which tenants a platform staff member administers: every tenant for a super admin,
/// the tenants of their own partner for a partner admin.</summary>
internal sealed record StaffCaller(bool IsSuperAdmin, Guid? PartnerId)
{
    public static StaffCaller Of(ClaimsPrincipal user)
        => new(user.HasClaim(PlatformClaims.PlatformRole, PlatformClaims.SuperAdmin),
            Guid.TryParse(user.FindFirst(PlatformClaims.PartnerId)?.Value, out var partner) ? partner : null);

    /// <summary>The partner filter for queries: none for super admins.</summary>
    public Guid? PartnerFilter => IsSuperAdmin ? null : PartnerId ?? Guid.Empty;

    public bool MayAdminister(Guid partnerId) => IsSuperAdmin || PartnerId == partnerId;
}
