using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Metering;

internal sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, string GroupBy, IReadOnlyList<UsageRow> Rows);

/// <summary>
/// <c>GET /api/v1/gateway/usage</c> (the tenant's, <c>analytics.read</c>) and <c>GET /api/v1/admin/gateway/usage</c>
/// (every tenant or one, platform admins): totals between <c>from</c> and <c>to</c> grouped by day, model,
/// feature or key (and tenant, for the platform).
/// </summary>
internal static class UsageEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    public static void MapGatewayUsage(this IEndpointRouteBuilder gateway)
        => gateway.MapGet("/usage", TenantUsageAsync)
            .RequirePermission(Permissions.Analytics.Read).WithTags("Gateway")
            .WithName("GetGatewayUsage").WithSummary("The tenant's gateway usage and cost, grouped by day, model, feature or key.");

    public static void MapGatewayUsageAdmin(this IEndpointRouteBuilder admin)
        => admin.MapGet("/usage", AllTenantsUsageAsync).WithTags("Gateway")
            .WithName("GetGatewayUsageAllTenants").WithSummary("Gateway usage across tenants (or of one), grouped by day, model, feature, key or tenant.");

    private static async Task<Results<Ok<UsageReport>, ValidationProblem>> TenantUsageAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, TenantDatabase database, TimeProvider time, CancellationToken ct)
    {
        if (Validate(from, to, groupBy, allowTenant: false, time) is { } problem)
        {
            return problem;
        }
        var (start, end, grouping) = Range(from, to, groupBy, time);
        await using var connection = await database.OpenAsync(ct);
        return TypedResults.Ok(new UsageReport(start, end, grouping, await UsageQuery.RunAsync(connection, start, end, grouping, null, ct)));
    }

    private static async Task<Results<Ok<UsageReport>, ValidationProblem>> AllTenantsUsageAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, Guid? tenantId, TenantDatabase database, TimeProvider time, CancellationToken ct)
    {
        if (Validate(from, to, groupBy, allowTenant: true, time) is { } problem)
        {
            return problem;
        }
        var (start, end, grouping) = Range(from, to, groupBy, time);
        await using var connection = await database.OpenElevatedAsync("gateway usage across tenants (platform admin)", ct);
        return TypedResults.Ok(new UsageReport(start, end, grouping, await UsageQuery.RunAsync(connection, start, end, grouping, tenantId, ct)));
    }

    private static (DateTimeOffset From, DateTimeOffset To, string GroupBy) Range(DateTimeOffset? from, DateTimeOffset? to, string? groupBy, TimeProvider time)
    {
        var end = to ?? time.GetUtcNow();
        return (from ?? end.AddDays(-30), end, groupBy ?? "day");
    }

    private static ValidationProblem? Validate(DateTimeOffset? from, DateTimeOffset? to, string? groupBy, bool allowTenant, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var (start, end, grouping) = Range(from, to, groupBy, time);
        if (start >= end)
        {
            errors["from"] = ["Must be before 'to'."];
        }
        else if (end - start > MaxRange)
        {
            errors["from"] = ["The range may span at most 400 days."];
        }
        if (UsageQuery.GroupExpression(grouping) is null || (!allowTenant && grouping == "tenant"))
        {
            errors["groupBy"] = [allowTenant ? "One of day, model, feature, key, tenant." : "One of day, model, feature, key."];
        }
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}
