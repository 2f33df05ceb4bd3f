using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Mfa;

/// <summary>
/// <c>POST /api/v1/users/{id}/mfa/reset</c>: an administrator removes a user's authenticator (lost
/// phone, no recovery codes left). Also ends every session and trusted device of the user and
/// changes their security stamp, since whoever holds those may be the reason for the reset.
/// </summary>
internal static class MfaResetEndpoint
{
    public static void MapMfaReset(this RouteGroupBuilder api)
        => api.MapPost("/users/{id:guid}/mfa/reset", ResetAsync).RequirePermission(Permissions.UsersRoles.Write)
            .WithTags("MFA").WithName("ResetUserMfa")
            .WithSummary("Removes a user's MFA (authenticator, recovery codes, trusted devices) and signs them out everywhere.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<NoContent, NotFound>> ResetAsync(
        Guid id, ClaimsPrincipal principal, MfaStore store, IAccessChanges access, ISessionRevocation revocation, IAuditLog audit, CancellationToken ct)
    {
        if (principal.TenantId() is not { } tenant)
        {
            return TypedResults.NotFound();
        }
        await using (var connection = await store.OpenAsync(tenant, ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (!await store.ResetAsync(connection, transaction, id, ct))
            {
                return TypedResults.NotFound();
            }
            await access.UserChangedAsync(tenant, id, connection, ct);
            await transaction.CommitAsync(ct);
        }
        await revocation.RevokeAllSessionsAsync(tenant, id, "mfa reset by an administrator", ct);
        await audit.RecordAsync(new AuditEntry("mfa.reset") { TargetType = "user", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }
}
