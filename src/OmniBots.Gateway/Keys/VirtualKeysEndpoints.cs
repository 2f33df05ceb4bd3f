using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Keys;

internal sealed record CreateVirtualKeyRequest(
    string? Name, string[]? AllowedModels, int? RpmLimit, int? TpmLimit,
    decimal? MonthlySoftBudgetUsd, decimal? MonthlyHardBudgetUsd, DateTimeOffset? ExpiresAt);

/// <summary>The created key and its secret: the only time the secret is ever shown.</summary>
internal sealed record CreatedVirtualKey(VirtualKeyView VirtualKey, string Key);

/// <summary><c>/api/v1/gateway/keys</c>: the tenant's virtual keys for the OpenAI-compatible API (GW-6).</summary>
internal static class VirtualKeysEndpoints
{
    public static void MapVirtualKeys(this IEndpointRouteBuilder gateway)
    {
        var group = gateway.MapGroup("/keys").WithTags("Gateway");
        group.MapGet("", async (VirtualKeyStore store, CancellationToken ct) =>
                TypedResults.Ok((await store.ListAsync(ct)).Select(VirtualKeyView.Of).ToList()))
            .RequirePermission(Permissions.Integrations.Read)
            .WithName("ListVirtualKeys").WithSummary("Lists the tenant's virtual keys (never their secrets).");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Integrations.Write)
            .WithName("CreateVirtualKey").WithSummary("Creates a virtual key for /v1. The key is in this response only.");
        group.MapDelete("/{id:guid}", RevokeAsync).RequirePermission(Permissions.Integrations.Write)
            .WithName("RevokeVirtualKey").WithSummary("Revokes a virtual key at once, on every replica.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<CreatedVirtualKey>, ValidationProblem>> CreateAsync(
        CreateVirtualKeyRequest request, VirtualKeyStore store, ITenantContext tenant, IAuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }
        var models = (request.AllowedModels ?? []).Select(m => m?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToArray();
        if (models.Length > 200 || models.Any(m => m.Length is 0 or > 200))
        {
            errors["allowedModels"] = ["Model codes of 1 to 200 characters, at most 200 of them (empty allows every model)."];
        }
        Limits.Validation.Limit(errors, "rpmLimit", request.RpmLimit);
        Limits.Validation.Limit(errors, "tpmLimit", request.TpmLimit);
        Limits.Validation.Budget(errors, "monthlySoftBudgetUsd", request.MonthlySoftBudgetUsd);
        Limits.Validation.Budget(errors, "monthlyHardBudgetUsd", request.MonthlyHardBudgetUsd);
        if (request.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            errors["expiresAt"] = ["Must be in the future."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var tenantId = tenant.TenantId ?? throw new TenantRequiredException();
        var (key, secret) = await store.CreateAsync(tenantId, new NewVirtualKey(name, models, request.RpmLimit, request.TpmLimit,
            request.MonthlySoftBudgetUsd, request.MonthlyHardBudgetUsd, request.ExpiresAt), ct);
        await audit.RecordAsync(new AuditEntry("gateway.virtual_key.created") { TargetType = "virtual_key", TargetId = key.Id.ToString(), Details = new { key.Name } }, ct);
        return TypedResults.Created($"/api/v1/gateway/keys/{key.Id}", new CreatedVirtualKey(VirtualKeyView.Of(key), secret));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, VirtualKeyStore store, VirtualKeyCache cache, IAuditLog audit, CancellationToken ct)
    {
        var key = await store.RevokeAsync(id, ct);
        if (key is null)
        {
            return TypedResults.NotFound();
        }
        cache.Forget(key.Prefix);
        await audit.RecordAsync(new AuditEntry("gateway.virtual_key.revoked") { TargetType = "virtual_key", TargetId = key.Id.ToString(), Details = new { key.Name } }, ct);
        return TypedResults.NoContent();
    }
}
