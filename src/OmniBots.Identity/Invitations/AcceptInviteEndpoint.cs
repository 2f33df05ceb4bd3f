using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.Credentials;
using OmniBots.Identity.Users;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Invitations;

internal sealed record AcceptInviteRequest(string? Token, string? Password, string? DisplayName);

/// <summary><c>POST /api/v1/auth/accept-invite</c>: the invitation's token sets the first password and
/// activates the user. The token is spent in the same transaction; a bad password leaves it usable.</summary>
internal static class AcceptInviteEndpoint
{
    public static void MapAcceptInvite(this RouteGroupBuilder auth)
        => auth.MapPost("/accept-invite", HandleAsync).AllowAnonymous().RequireRateLimiting(Security.IdentityRateLimits.Credentials).WithName("AcceptInvite")
            .WithSummary("Accepts an invitation: sets the password (and optionally the display name) and activates the user. Then sign in.");

    private static async Task<Results<NoContent, ValidationProblem>> HandleAsync(
        AcceptInviteRequest request, PlatformDatabase database, UserTokens tokens, PasswordWriter writer, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (PasswordPolicy.Check(request.Password) is { } weak)
        {
            errors["password"] = [weak];
        }
        var name = UserInput.DisplayName(errors, request.DisplayName, required: false);
        if (!UserTokens.TryRead(request.Token, UserTokenPurpose.Invitation, out var tenantId, out var hash))
        {
            errors["token"] = [Refused];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await tokens.ConsumeAsync(connection, hash, UserTokenPurpose.Invitation, ct) is not { } userId || !await IsInvitedAsync(connection, userId, ct))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = [Refused] });
        }
        if (name is not null)
        {
            await using var rename = new NpgsqlCommand("UPDATE identity.users SET display_name = @name WHERE id = @id", connection);
            rename.Parameters.AddWithValue("name", name);
            rename.Parameters.AddWithValue("id", userId);
            await rename.ExecuteNonQueryAsync(ct);
        }
        await writer.SetAsync(connection, tenantId, userId, request.Password!, mustChange: false, activate: true, ct);
        await transaction.CommitAsync(ct);
        await audit.RecordAsync(new AuditEntry("user.invitation_accepted")
        {
            TenantId = tenantId, TargetType = "user", TargetId = userId.ToString(), Actor = new AuditActor("user", userId.ToString(), null),
        }, ct);
        return TypedResults.NoContent();
    }

    private const string Refused = "This invitation link is not valid: it was used, replaced by a newer one, or has expired.";

    private static async Task<bool> IsInvitedAsync(NpgsqlConnection connection, Guid userId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT status = 'invited' FROM identity.users WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        return await command.ExecuteScalarAsync(ct) is true;
    }
}
