using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;
using OmniBots.Identity.SignIn;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Credentials;

/// <param name="Tenant">With <paramref name="Email"/>, for a caller who is not signed in (an expired or
/// temporary password refuses sign-in); a signed-in user changes its own password without them.</param>
internal sealed record ChangePasswordRequest(string? Tenant, string? Email, string? CurrentPassword, string? NewPassword);

/// <summary>
/// <c>POST /api/v1/auth/change-password</c>: current and new password. The new password gets a new
/// security stamp, and every session of the user ends (the current one too: its credentials carry the
/// old stamp), so the caller signs in again with the new password.
/// </summary>
internal static class ChangePasswordEndpoint
{
    public static void MapChangePassword(this RouteGroupBuilder auth)
        => auth.MapPost("/change-password", HandleAsync).AllowAnonymous().RequireRateLimiting(Security.IdentityRateLimits.Credentials).WithName("ChangePassword")
            .WithSummary("Changes the password (signed in, or with tenant and email when sign-in requires a change) and ends every session.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HandleAsync(
        ChangePasswordRequest request, ClaimsPrincipal principal, AccountLookup lookup, AccountConnections connections,
        SignIn.Passwords passwords, PasswordWriter writer, ISessionRevocation sessions, IAuditLog audit, CancellationToken ct)
    {
        var signedIn = principal.Identity?.IsAuthenticated == true && !principal.IsApiKey() && principal.SubjectId() is not null;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > PasswordRules.MaxLength)
        {
            errors["currentPassword"] = ["The current password is required."];
        }
        if (PasswordPolicy.Check(request.NewPassword) is { } weak)
        {
            errors["newPassword"] = [weak];
        }
        if (!signedIn && !EmailAddress.IsValid(request.Email?.Trim() ?? ""))
        {
            errors["email"] = ["Sign in, or give the tenant's slug and the account's email."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var account = signedIn
            ? await ReadAsync(connections, principal.TenantId(), principal.SubjectId()!.Value, ct)
            : (await lookup.FindAsync(string.IsNullOrWhiteSpace(request.Tenant) ? null : request.Tenant.Trim(), request.Email!.Trim(), ct)).Account;
        if (account is null || passwords.Verify(account.PasswordHash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            return signedIn
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currentPassword"] = ["The current password is not correct."] })
                : TypedResults.Problem("The tenant, email or password is not correct.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }
        if (account.Status != "active")
        {
            return TypedResults.Problem("This account is not active.", statusCode: StatusCodes.Status403Forbidden, title: "Account not active");
        }
        if (passwords.Verify(account.PasswordHash, request.NewPassword!) != PasswordVerificationResult.Failed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newPassword"] = ["Choose a password different from the current one."] });
        }
        await using (var connection = await connections.OpenAsync(account.TenantId, "platform password change", ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await writer.SetAsync(connection, account.TenantId, account.Id, request.NewPassword!, mustChange: false, activate: false, ct);
            await transaction.CommitAsync(ct);
        }
        await sessions.RevokeAllSessionsAsync(account.TenantId, account.Id, "password changed", ct);
        await audit.RecordAsync(new AuditEntry("user.password_changed")
        {
            TenantId = account.TenantId, TargetType = "user", TargetId = account.Id.ToString(),
            Actor = new AuditActor(account.TenantId is null ? "platform_user" : "user", account.Id.ToString(), null),
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<SignInAccount?> ReadAsync(AccountConnections connections, Guid? tenantId, Guid userId, CancellationToken ct)
    {
        var tables = AccountTables.For(tenantId);
        await using var connection = await connections.OpenAsync(tenantId, "platform password change", ct);
        await using var command = new NpgsqlCommand(
            $"SELECT status, password_hash, security_stamp, password_changed_at, must_change_password FROM {tables.Users} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new SignInAccount(userId, tenantId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4))
            : null;
    }
}
