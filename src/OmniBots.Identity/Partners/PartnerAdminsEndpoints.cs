using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.SignIn;
using OmniBots.Platform.Access;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Partners;

internal sealed record PartnerAdminRequest(string? Email, string? DisplayName);

internal sealed record PartnerAdminView(Guid Id, string Email, string DisplayName, string Status, DateTimeOffset CreatedAt);

/// <summary>The temporary password is in this response only.</summary>
internal sealed record CreatedPartnerAdmin(PartnerAdminView Admin, string TemporaryPassword);

/// <summary><c>/api/v1/admin/partners/{id}/admins</c>: super admins create a partner's admins (platform
/// staff confined to that partner's tenants) with a temporary password to change at first sign-in.</summary>
internal static class PartnerAdminsEndpoints
{
    public static void MapPartnerAdmins(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/partners/{partnerId:guid}/admins").WithTags("Partners").RequireAuthorization(PlatformPolicies.PlatformAdmin);
        group.MapPost("", CreateAsync).WithName("CreatePartnerAdmin")
            .WithSummary("Creates a partner admin with a temporary password, shown in this response only.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", ListAsync).WithName("ListPartnerAdmins").WithSummary("Lists a partner's admins.");
    }

    private static async Task<Results<Created<CreatedPartnerAdmin>, ValidationProblem, NotFound, ProblemHttpResult>> CreateAsync(
        Guid partnerId, PartnerAdminRequest request, TenantDatabase db, Passwords passwords, IAuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var email = request.Email?.Trim() ?? "";
        var name = request.DisplayName?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (!EmailAddress.IsValid(email))
        {
            errors["email"] = ["A valid email address is required."];
        }
        if (name.Length is 0 or > 200)
        {
            errors["displayName"] = ["A name of 1 to 200 characters is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await db.OpenElevatedAsync("admin: create partner admin", ct);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM tenancy.partners WHERE id = @id", connection))
        {
            exists.Parameters.AddWithValue("id", partnerId);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                return TypedResults.NotFound();
            }
        }
        // 128 random bits, base64url: never on the common-password list; changed at first sign-in.
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        await using var insert = new NpgsqlCommand("""
            INSERT INTO identity.platform_users (email, display_name, platform_role, partner_id, status, password_hash, password_changed_at, must_change_password)
            VALUES (@email, @name, 'partner_admin', @partner, 'active', @hash, @now, true)
            RETURNING id, email, display_name, status, created_at
            """, connection);
        insert.Parameters.AddWithValue("email", email);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("partner", partnerId);
        insert.Parameters.AddWithValue("hash", passwords.Hash(password));
        insert.Parameters.AddWithValue("now", time.GetUtcNow());
        PartnerAdminView view;
        try
        {
            await using var reader = await insert.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            view = Read(reader);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email taken",
                detail: "A platform staff account with this email exists.", extensions: new Dictionary<string, object?> { ["field"] = "email" });
        }
        await audit.RecordAsync(new AuditEntry("partner_admin.created")
        {
            TargetType = "platform_user", TargetId = view.Id.ToString(), Details = new { partnerId, email },
        }, ct);
        return TypedResults.Created($"/api/v1/admin/partners/{partnerId}/admins", new CreatedPartnerAdmin(view, password));
    }

    private static async Task<Ok<List<PartnerAdminView>>> ListAsync(Guid partnerId, TenantDatabase db, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync("admin: list partner admins", ct);
        await using var command = new NpgsqlCommand(
            "SELECT id, email, display_name, status, created_at FROM identity.platform_users WHERE partner_id = @partner ORDER BY email", connection);
        command.Parameters.AddWithValue("partner", partnerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var admins = new List<PartnerAdminView>();
        while (await reader.ReadAsync(ct))
        {
            admins.Add(Read(reader));
        }
        return TypedResults.Ok(admins);
    }

    private static PartnerAdminView Read(NpgsqlDataReader reader)
        => new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
}
