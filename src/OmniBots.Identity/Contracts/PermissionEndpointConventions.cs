using Microsoft.AspNetCore.Builder;

namespace OmniBots.Identity.Contracts;

/// <summary>
/// How an endpoint or route group declares the permission it needs:
/// <c>group.RequirePermission(Permissions.Bots.Write)</c>. Anonymous callers get a 401 problem,
/// signed-in callers without the permission a 403 problem. Several calls require all of them.
/// </summary>
public static class PermissionEndpointConventions
{
    /// <summary>Authorization policy names for permissions are this prefix and the code (<c>perm:bots.write</c>).</summary>
    public const string PolicyPrefix = "perm:";

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder
    {
        // A typo would otherwise make an endpoint that nobody can ever call: fail when mapping.
        if (!PermissionCatalogue.Contains(permission))
        {
            throw new ArgumentException($"'{permission}' is not in the permission catalogue (OmniBots.Identity.Contracts.Permissions).", nameof(permission));
        }
        return builder.RequireAuthorization(PolicyPrefix + permission);
    }
}
