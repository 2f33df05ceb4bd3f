using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Secrets;

namespace OmniBots.Identity.Sso;

internal sealed record CreateSsoConnectionRequest(
    Guid? ProviderId, string? ClientId, string? ClientSecret, string[]? AllowedDomains, bool AutoCreateUsers, string? DefaultRole);

/// <summary><c>/api/v1/sso/connections</c>: a tenant's OpenID Connect client registrations. The client
/// secret is write-only: stored protected, never returned.</summary>
internal static class SsoConnectionEndpoints
{
    public const string SecretPurpose = "identity.sso.client-secret";
    private const int MaxDomains = 50;

    public static void MapSsoConnections(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sso/connections").WithTags("SSO");
        group.MapGet("", ListAsync).RequirePermission(Permissions.Settings.Read).WithName("ListSsoConnections").WithSummary("Lists the tenant's SSO connections (never their secrets).");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Settings.Write).WithName("CreateSsoConnection").WithSummary("Connects the tenant to an enabled provider.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Settings.Write).WithName("DeleteSsoConnection").WithSummary("Removes an SSO connection.");
    }

    private static async Task<Results<Ok<IReadOnlyList<SsoConnectionView>>, NotFound>> ListAsync(ClaimsPrincipal user, SsoConnections connections, CancellationToken ct)
        => user.TenantId() is { } tenant ? TypedResults.Ok(await connections.ListAsync(tenant, ct)) : TypedResults.NotFound();

    private static async Task<Results<Created<SsoConnectionView>, ValidationProblem, NotFound>> CreateAsync(
        CreateSsoConnectionRequest request, ClaimsPrincipal user, SsoConnections connections, ISecretProtector protector, IAuditLog audit, CancellationToken ct)
    {
        if (user.TenantId() is not { } tenant)
        {
            return TypedResults.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        if (request.ProviderId is not { } providerId || !await connections.ProviderEnabledAsync(tenant, providerId, ct))
        {
            errors["providerId"] = ["An enabled SSO provider is required."];
        }
        var clientId = request.ClientId?.Trim() ?? "";
        if (clientId.Length is 0 or > 500)
        {
            errors["clientId"] = ["A client id of 1 to 500 characters is required."];
        }
        if (request.ClientSecret is not { Length: > 0 and <= 1000 })
        {
            errors["clientSecret"] = ["A client secret of 1 to 1000 characters is required."];
        }
        var domains = (request.AllowedDomains ?? []).Select(d => d?.Trim().ToLowerInvariant() ?? "").Distinct(StringComparer.Ordinal).ToArray();
        if (domains.Length > MaxDomains || domains.Any(d => !SsoValidation.IsDomain(d)))
        {
            errors["allowedDomains"] = [$"Up to {MaxDomains} domain names such as example.com."];
        }
        var role = request.DefaultRole?.Trim() ?? "";
        if (role.Length is 0 or > 63 || !await connections.RoleExistsAsync(tenant, role, ct))
        {
            errors["defaultRole"] = ["The code of one of the tenant's roles is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var id = await connections.CreateAsync(tenant, request.ProviderId!.Value, clientId, protector.Protect(SecretPurpose, request.ClientSecret!), domains,
            request.AutoCreateUsers, role, ct);
        var view = (await connections.FindAsync(tenant, id, ct))!.View;
        await audit.RecordAsync(new AuditEntry("sso.connection_created") { TargetType = "sso_connection", TargetId = id.ToString(), Details = new { view.ProviderId, view.ClientId } }, ct);
        return TypedResults.Created($"/api/v1/sso/connections/{id}", view);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ClaimsPrincipal user, SsoConnections connections, IAuditLog audit, CancellationToken ct)
    {
        if (user.TenantId() is not { } tenant || !await connections.DeleteAsync(tenant, id, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("sso.connection_deleted") { TargetType = "sso_connection", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }
}
