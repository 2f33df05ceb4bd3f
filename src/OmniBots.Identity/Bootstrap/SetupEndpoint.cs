using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.Authentication;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Bootstrap;

internal sealed record SuperAdminSetupRequest(string? Token, string? Email, string? Password);

internal sealed record CreatedSuperAdmin(Guid Id, string Email);

/// <summary><c>POST /api/v1/setup/super-admin</c>: spends the logged setup token (once) to create the first super admin.</summary>
internal static class SetupEndpoint
{
    public static void MapSuperAdminSetup(this IEndpointRouteBuilder api)
        => api.MapPost("/setup/super-admin", HandleAsync).AllowAnonymous()
            .WithName("SetUpSuperAdmin").WithTags("Setup")
            .WithSummary("Creates the first super admin with the one-time token logged at start-up.")
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Created<CreatedSuperAdmin>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        SuperAdminSetupRequest request, TenantDatabase database, SuperAdmins superAdmins, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim() ?? "";
        if (!EmailAddress.IsValid(email))
        {
            errors["email"] = ["An email address is required."];
        }
        if (PasswordRules.Check(request.Password) is { } problem)
        {
            errors["password"] = [problem];
        }
        if (request.Token is null || !OpaqueSecrets.LooksLikeSecret(request.Token))
        {
            errors["token"] = ["The setup token from the start-up log is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await database.OpenElevatedAsync("super admin setup", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await SuperAdmins.LockAsync(connection, transaction, ct);
        await using (var command = new NpgsqlCommand(
            "UPDATE identity.setup_tokens SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now", connection, transaction))
        {
            command.Parameters.AddWithValue("hash", OpaqueSecrets.Hash(request.Token!));
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a valid setup token, or used or expired."] });
            }
        }
        if (await SuperAdmins.AnyAsync(connection, transaction, ct))
        {
            return TypedResults.Problem("A super admin exists already: sign in as that account.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }
        Guid id;
        try
        {
            id = await superAdmins.CreateAsync(connection, transaction, email, request.Password!, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["A platform account with this email exists already."] });
        }
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/me", new CreatedSuperAdmin(id, email));
    }
}
