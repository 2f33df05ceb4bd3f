using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Events;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Pipeline;

internal sealed record GatewaySettingsBody(
    int? RpmLimit, int? TpmLimit, decimal? MonthlySoftBudgetUsd, decimal? MonthlyHardBudgetUsd, bool? CacheEnabled, int? CacheTtlSeconds);

/// <summary><c>/api/v1/gateway/settings</c>: the tenant's limits, monthly budget and response cache.</summary>
internal static class SettingsEndpoints
{
    public static void MapGatewaySettings(this IEndpointRouteBuilder gateway)
    {
        var group = gateway.MapGroup("/settings").WithTags("Gateway");
        group.MapGet("", async (TenantDatabase database, CancellationToken ct) =>
            {
                await using var connection = await database.OpenAsync(ct);
                return TypedResults.Ok(ToBody(await TenantSettingsStore.ReadAsync(connection, ct)));
            })
            .RequirePermission(Permissions.Integrations.Read)
            .WithName("GetGatewaySettings").WithSummary("The tenant's gateway limits, monthly budget and cache settings.");
        group.MapPut("", PutAsync).RequirePermission(Permissions.Integrations.Write)
            .WithName("PutGatewaySettings").WithSummary("Replaces the tenant's gateway settings; every replica applies them at once.");
    }

    private static async Task<Results<Ok<GatewaySettingsBody>, ValidationProblem>> PutAsync(
        GatewaySettingsBody body, TenantDatabase database, IEventBus bus, ITenantContext tenant, TenantSettingsCache cache, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Limits.Validation.Limit(errors, "rpmLimit", body.RpmLimit);
        Limits.Validation.Limit(errors, "tpmLimit", body.TpmLimit);
        Limits.Validation.Budget(errors, "monthlySoftBudgetUsd", body.MonthlySoftBudgetUsd);
        Limits.Validation.Budget(errors, "monthlyHardBudgetUsd", body.MonthlyHardBudgetUsd);
        if (body.CacheTtlSeconds is < 1 or > 2_592_000)
        {
            errors["cacheTtlSeconds"] = ["From 1 second to 30 days (2,592,000 seconds)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var settings = new TenantGatewaySettings(body.RpmLimit, body.TpmLimit, body.MonthlySoftBudgetUsd, body.MonthlyHardBudgetUsd,
            body.CacheEnabled ?? false, body.CacheTtlSeconds ?? TenantGatewaySettings.Default.CacheTtlSeconds);
        var tenantId = tenant.TenantId ?? throw new TenantRequiredException();
        await TenantSettingsStore.WriteAsync(database, bus, tenantId, settings, ct);
        cache.Forget(tenantId);
        await audit.RecordAsync(new AuditEntry("gateway.settings.changed") { TargetType = "tenant", TargetId = tenantId.ToString(), Details = settings }, ct);
        return TypedResults.Ok(ToBody(settings));
    }

    private static GatewaySettingsBody ToBody(TenantGatewaySettings s)
        => new(s.RpmLimit, s.TpmLimit, s.MonthlySoftBudgetUsd, s.MonthlyHardBudgetUsd, s.CacheEnabled, s.CacheTtlSeconds);
}
