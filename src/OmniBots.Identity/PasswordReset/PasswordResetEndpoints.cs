using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Credentials;
using OmniBots.Identity.Invitations;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.PasswordReset;

internal sealed record ForgotPasswordRequest(string? Tenant, string? Email);

internal sealed record ResetPasswordRequest(string? Token, string? Password);

/// <summary>
/// Password reset by emailed single-use link (1 hour). <c>forgot-password</c> answers 202 whether or
/// not the account exists, so it cannot be used to find accounts; only active users get a link.
/// <c>reset-password</c> spends the token, sets the password and ends every session of the user.
/// </summary>
internal static class PasswordResetEndpoints
{
    public static void MapPasswordReset(this RouteGroupBuilder auth)
    {
        auth.MapPost("/forgot-password", ForgotAsync).AllowAnonymous().RequireRateLimiting(Security.IdentityRateLimits.Credentials).WithName("ForgotPassword")
            .WithSummary("Mails a single-use password reset link (1 hour) if the account exists. Always 202.");
        auth.MapPost("/reset-password", ResetAsync).AllowAnonymous().RequireRateLimiting(Security.IdentityRateLimits.Credentials).WithName("ResetPassword")
            .WithSummary("Sets a new password with the token from the reset link and ends every session of the user.");
    }

    private static async Task<Results<Accepted, ValidationProblem>> ForgotAsync(
        ForgotPasswordRequest request, ITenantDirectory tenants, PlatformDatabase database, UserTokens tokens, AccountEmails emails, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var slug = request.Tenant?.Trim() ?? "";
        if (slug.Length is 0 or > 63)
        {
            errors["tenant"] = ["The tenant's slug is required."];
        }
        var email = request.Email?.Trim() ?? "";
        if (!EmailAddress.IsValid(email))
        {
            errors["email"] = ["A valid email address is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await tenants.FindBySlugAsync(slug, "password reset lookup", ct) is not { Status: TenantStatus.Active } tenant)
        {
            return TypedResults.Accepted((string?)null);
        }
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenant.Id, ct);
        Guid userId;
        string address;
        await using (var find = new NpgsqlCommand("SELECT id, email FROM identity.users WHERE lower(email) = lower(@email) AND status = 'active'", connection))
        {
            find.Parameters.AddWithValue("email", email);
            await using var reader = await find.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return TypedResults.Accepted((string?)null);
            }
            (userId, address) = (reader.GetGuid(0), reader.GetString(1));
        }
        var (token, _) = await tokens.IssueAsync(connection, tenant.Id, userId, UserTokenPurpose.PasswordReset, ct);
        await emails.PasswordResetAsync(address, token, ct);
        await audit.RecordAsync(new AuditEntry("user.password_reset_requested")
        {
            TenantId = tenant.Id, TargetType = "user", TargetId = userId.ToString(), Actor = new AuditActor("anonymous", null, null),
        }, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ResetAsync(
        ResetPasswordRequest request, PlatformDatabase database, UserTokens tokens, PasswordWriter writer, ISessionRevocation sessions, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (PasswordPolicy.Check(request.Password) is { } weak)
        {
            errors["password"] = [weak];
        }
        if (!UserTokens.TryRead(request.Token, UserTokenPurpose.PasswordReset, out var tenantId, out var hash))
        {
            errors["token"] = [Refused];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        Guid userId;
        await using (var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await tokens.ConsumeAsync(connection, hash, UserTokenPurpose.PasswordReset, ct) is not { } user || !await IsActiveAsync(connection, user, ct))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = [Refused] });
            }
            userId = user;
            await writer.SetAsync(connection, tenantId, userId, request.Password!, mustChange: false, activate: false, ct);
            await transaction.CommitAsync(ct);
        }
        await sessions.RevokeAllSessionsAsync(tenantId, userId, "password reset", ct);
        await audit.RecordAsync(new AuditEntry("user.password_reset")
        {
            TenantId = tenantId, TargetType = "user", TargetId = userId.ToString(), Actor = new AuditActor("user", userId.ToString(), null),
        }, ct);
        return TypedResults.NoContent();
    }

    private const string Refused = "This reset link is not valid: it was used, replaced by a newer one, or has expired.";

    private static async Task<bool> IsActiveAsync(NpgsqlConnection connection, Guid userId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT status = 'active' FROM identity.users WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        return await command.ExecuteScalarAsync(ct) is true;
    }
}
