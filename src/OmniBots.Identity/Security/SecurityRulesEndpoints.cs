using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Security;

/// <summary><c>/api/v1/security/rules</c>: the tenant's detection thresholds (both verbs need <c>security.write</c>).</summary>
internal static class SecurityRulesEndpoints
{
    public static void MapSecurityRules(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/security/rules").WithTags("Security").RequirePermission(Permissions.Security.Write);
        group.MapGet("", async (ClaimsPrincipal user, RulesStore store, CancellationToken ct) => TypedResults.Ok(await store.GetAsync(Tenant(user), ct)))
            .WithName("GetSecurityRules").WithSummary("The tenant's brute force, credential stuffing and impossible travel thresholds (defaults when never set).");
        group.MapPut("", PutAsync)
            .WithName("PutSecurityRules").WithSummary("Replaces the tenant's detection thresholds.");
    }

    private static async Task<Results<Ok<SecurityRules>, ValidationProblem>> PutAsync(
        SecurityRulesRequest request, ClaimsPrincipal user, RulesStore store, IAuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var (rules, errors) = SecurityRulesValidation.Validate(request);
        if (rules is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await store.SaveAsync(Tenant(user), rules, user.SubjectId(), time.GetUtcNow(), ct);
        await audit.RecordAsync(new AuditEntry("security.rules_changed") { TargetType = "security_rules", Details = rules }, ct);
        return TypedResults.Ok(rules);
    }

    // Tenant permissions are only ever held by a tenant's principals, so a tenant id is present here.
    private static Guid Tenant(ClaimsPrincipal user) => user.TenantId() ?? throw new OmniBots.Platform.Tenancy.TenantRequiredException();
}
