using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Platform.Access;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Partners;

internal sealed record PartnerView(Guid Id, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record PartnerRequest(string? Name);

/// <summary><c>/api/v1/admin/partners</c>: partners are platform data, administered by super admins only,
/// always through the logged elevated scope (no tenant scope can see them).</summary>
internal static class PartnersEndpoints
{
    private const string Columns = "SELECT id, name, status, created_at, updated_at FROM tenancy.partners";

    public static void MapPartners(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/partners").WithTags("Partners").RequireAuthorization(PlatformPolicies.PlatformAdmin);
        group.MapPost("", CreateAsync).WithName("CreatePartner").WithSummary("Creates a partner.");
        group.MapGet("", ListAsync).WithName("ListPartners").WithSummary("Lists partners.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetPartner");
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdatePartner").WithSummary("Renames a partner.");
        group.MapPost("/{id:guid}/suspend", (Guid id, TenantDatabase db, IAuditLog audit, CancellationToken ct) => SetStatusAsync(id, "suspended", db, audit, ct))
            .WithName("SuspendPartner");
        group.MapPost("/{id:guid}/resume", (Guid id, TenantDatabase db, IAuditLog audit, CancellationToken ct) => SetStatusAsync(id, "active", db, audit, ct))
            .WithName("ResumePartner");
    }

    private static Dictionary<string, string[]>? Validate(PartnerRequest request, out string name)
    {
        name = request.Name?.Trim() ?? "";
        return name.Length is 0 or > 200 ? new() { ["name"] = ["A name of 1 to 200 characters is required."] } : null;
    }

    private static async Task<Results<Created<PartnerView>, ValidationProblem>> CreateAsync(
        PartnerRequest request, TenantDatabase db, IAuditLog audit, CancellationToken ct)
    {
        if (Validate(request, out var name) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await db.OpenElevatedAsync("admin: create partner", ct);
        var partner = (await QueryAsync(connection, "INSERT INTO tenancy.partners (name) VALUES (@name) RETURNING id, name, status, created_at, updated_at",
            ct, ("name", name))).Single();
        await audit.RecordAsync(new AuditEntry("partner.created") { TargetType = "partner", TargetId = partner.Id.ToString(), Details = new { name } }, ct);
        return TypedResults.Created($"/api/v1/admin/partners/{partner.Id}", partner);
    }

    private static async Task<Ok<IReadOnlyList<PartnerView>>> ListAsync(TenantDatabase db, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync("admin: list partners", ct);
        return TypedResults.Ok(await QueryAsync(connection, $"{Columns} ORDER BY name, id", ct));
    }

    private static async Task<Results<Ok<PartnerView>, NotFound>> GetAsync(Guid id, TenantDatabase db, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync("admin: read partner", ct);
        return (await QueryAsync(connection, $"{Columns} WHERE id = @id", ct, ("id", id))).SingleOrDefault() is { } partner
            ? TypedResults.Ok(partner) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<PartnerView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, PartnerRequest request, TenantDatabase db, IAuditLog audit, CancellationToken ct)
    {
        if (Validate(request, out var name) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await db.OpenElevatedAsync("admin: update partner", ct);
        var partner = (await QueryAsync(connection,
            "UPDATE tenancy.partners SET name = @name, updated_at = now() WHERE id = @id RETURNING id, name, status, created_at, updated_at",
            ct, ("id", id), ("name", name))).SingleOrDefault();
        if (partner is null)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("partner.updated") { TargetType = "partner", TargetId = id.ToString(), Details = new { name } }, ct);
        return TypedResults.Ok(partner);
    }

    /// <summary>Records the partner's status; its tenants keep theirs (suspend them one by one to stop sign-in).</summary>
    private static async Task<Results<Ok<PartnerView>, NotFound>> SetStatusAsync(Guid id, string status, TenantDatabase db, IAuditLog audit, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync($"admin: partner {status}", ct);
        var partner = (await QueryAsync(connection,
            "UPDATE tenancy.partners SET status = @status, updated_at = now() WHERE id = @id RETURNING id, name, status, created_at, updated_at",
            ct, ("id", id), ("status", status))).SingleOrDefault();
        if (partner is null)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry(status == "active" ? "partner.resumed" : "partner.suspended") { TargetType = "partner", TargetId = id.ToString() }, ct);
        return TypedResults.Ok(partner);
    }

    private static async Task<IReadOnlyList<PartnerView>> QueryAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var partners = new List<PartnerView>();
        while (await reader.ReadAsync(ct))
        {
            partners.Add(new PartnerView(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return partners;
    }
}
