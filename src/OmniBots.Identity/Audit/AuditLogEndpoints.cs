using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Access;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Audit;

/// <summary>
/// The audit log (SPEC IAM-6). Tenant users read <c>/api/v1/audit-log</c> on a connection confined to
/// their tenant (row-level security, not a filter, keeps other tenants out); super admins read
/// <c>/api/v1/admin/audit-log</c>, any tenant or the platform's entries, through the logged elevated scope.
/// </summary>
internal static class AuditLogEndpoints
{
    public static void MapAuditLog(this IEndpointRouteBuilder api)
    {
        var tenant = api.MapGroup("/audit-log").WithTags("Audit log").RequirePermission(Permissions.AuditLog.Read);
        tenant.MapGet("", (TenantDatabase db, ITenantContext scope, [AsParameters] AuditLogFilters filters, CancellationToken ct)
            => PageAsync(ct => db.OpenAsync(ct), scope.TenantId, filters, ct)).WithName("ListAuditLog");
        tenant.MapGet("/export.csv", (TenantDatabase db, ITenantContext scope, IAuditLog audit, [AsParameters] AuditLogFilters filters, CancellationToken ct)
            => ExportAsync(ct => db.OpenAsync(ct), scope.TenantId, filters, audit, ct))
            .RequirePermission(Permissions.AuditLog.Export).WithName("ExportAuditLog");

        var admin = api.MapGroup("/admin/audit-log").WithTags("Audit log").RequireAuthorization(PlatformPolicies.PlatformAdmin);
        admin.MapGet("", (TenantDatabase db, Guid? tenantId, [AsParameters] AuditLogFilters filters, CancellationToken ct)
            => PageAsync(ct => db.OpenElevatedAsync("admin: audit log search", ct), tenantId, filters, ct)).WithName("ListPlatformAuditLog");
        admin.MapGet("/export.csv", (TenantDatabase db, Guid? tenantId, IAuditLog audit, [AsParameters] AuditLogFilters filters, CancellationToken ct)
            => ExportAsync(ct => db.OpenElevatedAsync("admin: audit log export", ct), tenantId, filters, audit, ct))
            .WithName("ExportPlatformAuditLog");
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> PageAsync(
        Func<CancellationToken, Task<NpgsqlConnection>> open, Guid? tenantId, AuditLogFilters filters, CancellationToken ct)
    {
        if (filters.Validate(export: false) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var query = filters.ToQuery(export: false);
        await using var connection = await open(ct);
        var items = new List<AuditRecord>();
        await foreach (var record in AuditReader.ReadAsync(connection, query, tenantId, ct))
        {
            items.Add(record);
        }
        return TypedResults.Ok(new AuditPage(items, items.Count == query.Limit ? items[^1].Id : null));
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportAsync(
        Func<CancellationToken, Task<NpgsqlConnection>> open, Guid? tenantId, AuditLogFilters filters, IAuditLog audit, CancellationToken ct)
    {
        if (filters.Validate(export: true) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        // Recorded before the rows leave: an export is itself a security-relevant read.
        await audit.RecordAsync(new AuditEntry("audit_log.exported") { TenantId = tenantId, Details = new { filters } }, ct);
        return TypedResults.Stream(async body =>
        {
            await using var connection = await open(ct);
            await AuditCsv.WriteAsync(body, AuditReader.ReadAsync(connection, filters.ToQuery(export: true), tenantId, ct), ct);
        }, "text/csv; charset=utf-8", "audit-log.csv");
    }
}
