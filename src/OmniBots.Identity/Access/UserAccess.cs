using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Access;

/// <summary>What a user may do right now: read from the database, cached briefly per user.</summary>
internal sealed record UserAccess(
    Guid UserId,
    Guid? TenantId,
    string Email,
    string DisplayName,
    string Status,
    string? UserType,
    Guid SecurityStamp,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Permissions,
    string? PlatformRole,
    Guid? PartnerId)
{
    public bool IsActive => Status == UserStatuses.Active;
}

/// <summary>The tenant facts every request of the tenant depends on.</summary>
internal sealed record TenantState(Guid TenantId, string Slug, string Name, TenantStatus Status, TenantSettings Settings)
{
    public bool IsActive => Status == TenantStatus.Active;
}

internal static class UserStatuses
{
    public const string Invited = "invited";
    public const string Active = "active";
    public const string Suspended = "suspended";
}
