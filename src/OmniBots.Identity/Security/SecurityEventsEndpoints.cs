using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Security;

internal sealed record ResolveSecurityEventRequest(string? Note);

/// <summary><c>/api/v1/security/events</c> (a tenant's own) and <c>/api/v1/admin/security/events</c> (super admins: every tenant's and the platform's).</summary>
internal static class SecurityEventsEndpoints
{
    public static void MapSecurityEvents(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/security/events").WithTags("Security");
        group.MapGet("", ListAsync).RequirePermission(Permissions.Security.Read)
            .WithName("ListSecurityEvents").WithSummary("Lists the tenant's security events, newest first (filters: type, status, severity, from, to; paging).");
        group.MapPost("/{id:guid}/resolve", ResolveAsync).RequirePermission(Permissions.Security.Write)
            .WithName("ResolveSecurityEvent").WithSummary("Marks a security event resolved (idempotent), with an optional note.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/admin/security/events", ListAllAsync).RequireAuthorization(PlatformPolicies.PlatformAdmin).WithTags("Security")
            .WithName("ListAllSecurityEvents").WithSummary("Super admins: every tenant's security events and the platform's own (tenantId null).");
    }

    private static async Task<Results<Ok<SecurityEventPage>, ValidationProblem>> ListAsync(
        string? type, string? status, string? severity, string? from, string? to, string? page, string? pageSize, SecurityEventStore store, CancellationToken ct)
    {
        var (filter, errors) = SecurityEventFilterValidation.Validate(type, status, severity, from, to, page, pageSize);
        return filter is null ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(await store.ListAsync(filter, ct));
    }

    private static async Task<Results<Ok<SecurityEventPage>, ValidationProblem>> ListAllAsync(
        string? type, string? status, string? severity, string? from, string? to, string? page, string? pageSize, SecurityEventStore store, CancellationToken ct)
    {
        var (filter, errors) = SecurityEventFilterValidation.Validate(type, status, severity, from, to, page, pageSize);
        return filter is null ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(await store.ListAllAsync(filter, ct));
    }

    private static async Task<Results<Ok<SecurityEventView>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid id, ResolveSecurityEventRequest? request, ClaimsPrincipal user, SecurityEventStore store, CancellationToken ct)
    {
        var note = request?.Note?.Trim();
        if (note is { Length: > 1000 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["At most 1000 characters."] });
        }
        return await store.ResolveAsync(id, user.SubjectId(), string.IsNullOrEmpty(note) ? null : note, ct) is { } resolved
            ? TypedResults.Ok(resolved)
            : TypedResults.Problem("No such security event.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }
}
