using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.PermissionsApi;

internal sealed record PermissionCatalogueResponse(IReadOnlyList<PermissionInfo> Permissions, IReadOnlyList<SystemRole> SystemRoles);

internal static class PermissionsEndpoint
{
    private static readonly PermissionCatalogueResponse Catalogue = new(PermissionCatalogue.All, SystemRoles.All);

    public static void MapPermissions(this IEndpointRouteBuilder api)
        => api.MapGet("/permissions", Ok<PermissionCatalogueResponse> () => TypedResults.Ok(Catalogue))
            .RequireAuthorization()
            .WithName("ListPermissions").WithTags("Roles and permissions")
            .WithSummary("The permission catalogue and the system role of each user type.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
