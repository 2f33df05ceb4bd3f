using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Roles;

/// <summary><c>/api/v1/roles</c> (SPEC IAM-2): the tenant's system and custom roles. Custom roles have an
/// immutable code; system roles are kept equal to the code catalogue, so they cannot be edited or deleted.</summary>
internal static partial class RolesEndpoints
{
    private const int MaxPermissions = 200;

    public static void MapRoles(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/roles").WithTags("Roles").RequirePermission(Permissions.UsersRoles.Read);
        group.MapGet("", async (RoleStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct))).WithName("ListRoles");
        group.MapGet("/{id:guid}", async Task<Results<Ok<RoleView>, NotFound>> (Guid id, RoleStore store, CancellationToken ct)
            => await store.FindAsync(id, ct) is { } role ? TypedResults.Ok(role) : TypedResults.NotFound()).WithName("GetRole");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("CreateRole")
            .WithSummary("Creates a custom role, optionally copying another role's permissions.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("UpdateRole")
            .WithSummary("Changes a custom role's name, description or permissions (its code never changes).");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("DeleteRole")
            .WithSummary("Deletes a custom role that no user holds.");
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{1,62}$")]
    private static partial Regex CodePattern();

    private static async Task<Results<Created<RoleView>, ValidationProblem>> CreateAsync(
        CreateRoleRequest request, ClaimsPrincipal user, RoleStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
        {
            errors["code"] = ["2 to 63 lower-case letters, digits and underscores, starting with a letter."];
        }
        else if (SystemRoles.IsUserType(code))
        {
            errors["code"] = [$"'{code}' is a system role's code."];
        }
        var name = CheckName(request.Name, errors) ?? "";
        var description = CheckDescription(request.Description, errors) ?? "";
        var permissions = CheckPermissions(request.Permissions ?? [], errors);
        if (request.CopyFrom is { } copyFrom)
        {
            if (await store.FindByCodeAsync(copyFrom, ct) is { } source)
            {
                permissions = PermissionCatalogue.KnownOnly([.. permissions, .. source.Permissions]);
            }
            else
            {
                errors["copyFrom"] = [$"No role with code '{copyFrom}'."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var tenantId = user.TenantId()!.Value;
        var (outcome, role) = await store.CreateAsync(tenantId, code, name, description, permissions, ct);
        if (outcome == RoleStore.Outcome.CodeTaken)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [$"A role with code '{code}' exists."] });
        }
        await audit.RecordAsync(new AuditEntry("role.created") { TargetType = "role", TargetId = role!.Id.ToString(), Details = new { code, permissions } }, ct);
        return TypedResults.Created($"/api/v1/roles/{role.Id}", role);
    }

    private static async Task<Results<Ok<RoleView>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateRoleRequest request, ClaimsPrincipal user, RoleStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name is null ? null : CheckName(request.Name, errors);
        var description = CheckDescription(request.Description, errors);
        var permissions = request.Permissions is null ? null : CheckPermissions(request.Permissions, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (outcome, role) = await store.UpdateAsync(user.TenantId()!.Value, id, name, description, permissions, ct);
        switch (outcome)
        {
            case RoleStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case RoleStore.Outcome.System:
                return SystemRole();
        }
        await audit.RecordAsync(new AuditEntry("role.updated") { TargetType = "role", TargetId = id.ToString(), Details = new { name, description, permissions } }, ct);
        return TypedResults.Ok(role!);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, RoleStore store, IAuditLog audit, CancellationToken ct)
    {
        switch (await store.DeleteAsync(id, ct))
        {
            case RoleStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case RoleStore.Outcome.System:
                return SystemRole();
            case RoleStore.Outcome.InUse:
                return TypedResults.Problem("Users hold this role: take it from them first.", statusCode: StatusCodes.Status409Conflict, title: "Role in use");
        }
        await audit.RecordAsync(new AuditEntry("role.deleted") { TargetType = "role", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult SystemRole()
        => TypedResults.Problem("System roles follow the permission catalogue and cannot be changed or deleted.",
            statusCode: StatusCodes.Status409Conflict, title: "System role");

    private static string? CheckName(string? value, Dictionary<string, string[]> errors)
    {
        var name = value?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }
        return name;
    }

    private static string? CheckDescription(string? value, Dictionary<string, string[]> errors)
    {
        if (value is { Length: > 500 })
        {
            errors["description"] = ["At most 500 characters."];
        }
        return value?.Trim();
    }

    private static string[] CheckPermissions(string[] requested, Dictionary<string, string[]> errors)
    {
        var unknown = requested.Where(p => p is null || !PermissionCatalogue.Contains(p)).ToArray();
        if (requested.Length > MaxPermissions)
        {
            errors["permissions"] = [$"At most {MaxPermissions} permissions."];
        }
        else if (unknown.Length > 0)
        {
            errors["permissions"] = [$"Not in the permission catalogue: {string.Join(", ", unknown)}."];
        }
        return PermissionCatalogue.KnownOnly(requested.Where(p => p is not null));
    }
}
