using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Roles.AssignRoles;

internal sealed record AssignRolesRequest(string[]? Roles);

internal sealed record UserRolesView(Guid UserId, string[] Roles);

/// <summary><c>PUT /api/v1/users/{id}/roles</c>: replaces the roles a user holds (by code).</summary>
internal static class AssignRolesEndpoint
{
    public static void MapAssignRoles(this IEndpointRouteBuilder api)
        => api.MapPut("/users/{id:guid}/roles", AssignAsync).WithTags("Roles")
            .RequirePermission(Permissions.UsersRoles.Write)
            .WithName("AssignUserRoles").WithSummary("Replaces the roles of a user; the change applies at their next request.");

    private static async Task<Results<Ok<UserRolesView>, NotFound, ValidationProblem>> AssignAsync(
        Guid id, AssignRolesRequest request, TenantDatabase db, IAccessChanges access, IAuditLog audit, ITenantContext tenant, CancellationToken ct)
    {
        var codes = (request.Roles ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (request.Roles is null || codes.Length > 50)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = ["A list of up to 50 role codes is required."] });
        }
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lookup = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM identity.users WHERE id = @id)", connection, transaction))
        {
            lookup.Parameters.AddWithValue("id", id);
            if (!(bool)(await lookup.ExecuteScalarAsync(ct))!)
            {
                return TypedResults.NotFound();
            }
        }
        var known = new List<string>();
        await using (var roles = new NpgsqlCommand("SELECT code FROM identity.roles WHERE code = ANY(@codes)", connection, transaction))
        {
            roles.Parameters.AddWithValue("codes", codes);
            await using var reader = await roles.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                known.Add(reader.GetString(0));
            }
        }
        var unknown = codes.Except(known, StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = [$"Unknown roles: {string.Join(", ", unknown)}."] });
        }
        await using (var replace = new NpgsqlCommand("""
            DELETE FROM identity.user_roles WHERE user_id = @id AND role_id NOT IN (SELECT id FROM identity.roles WHERE code = ANY(@codes));
            INSERT INTO identity.user_roles (tenant_id, user_id, role_id)
            SELECT tenant_id, @id, id FROM identity.roles WHERE code = ANY(@codes) ON CONFLICT DO NOTHING;
            """, connection, transaction))
        {
            replace.Parameters.AddWithValue("id", id);
            replace.Parameters.AddWithValue("codes", codes);
            await replace.ExecuteNonQueryAsync(ct);
        }
        await access.UserChangedAsync(tenant.TenantId, id, connection, ct);
        await transaction.CommitAsync(ct);
        var sorted = codes.Order(StringComparer.Ordinal).ToArray();
        await audit.RecordAsync(new AuditEntry("user.roles_changed") { TargetType = "user", TargetId = id.ToString(), Details = new { roles = sorted } }, ct);
        return TypedResults.Ok(new UserRolesView(id, sorted));
    }
}
