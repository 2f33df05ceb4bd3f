using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.ApiKeys;

internal sealed record CreateApiKeyRequest(string? Name, string[]? Permissions, DateTimeOffset? ExpiresAt);

/// <summary>The created key with its secret: the only time the secret is ever returned.</summary>
internal sealed record CreatedApiKey(ApiKeyView ApiKey, string Key);

/// <summary><c>/api/v1/api-keys</c>: a tenant's keys for its servers. Listing needs <c>settings.read</c>,
/// creating and revoking <c>settings.write</c> and a signed-in user (a key cannot mint or revoke keys).</summary>
internal static class ApiKeysEndpoints
{
    private const int MaxPermissions = 100;

    public static void MapApiKeys(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/api-keys").WithTags("API keys");
        group.MapGet("", async (ApiKeyStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .RequirePermission(Permissions.Settings.Read)
            .WithName("ListApiKeys").WithSummary("Lists the tenant's API keys (never their secrets).");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Settings.Write)
            .WithName("CreateApiKey").WithSummary("Creates an API key with some of the caller's permissions. The key is in this response only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/{id:guid}", RevokeAsync).RequirePermission(Permissions.Settings.Write)
            .WithName("RevokeApiKey").WithSummary("Revokes an API key at once, on every replica.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, ApiKeyStore store, TimeProvider time, CancellationToken ct)
    {
        if (UsersOnly(user) is { } refused)
        {
            return refused;
        }
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }
        var permissions = (request.Permissions ?? []).Select(p => p?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToArray();
        var unknown = permissions.Where(p => !PermissionCatalogue.Contains(p)).ToArray();
        var notHeld = permissions.Except(unknown).Where(p => !user.HasPermission(p)).ToArray();
        if (permissions.Length is 0 or > MaxPermissions)
        {
            errors["permissions"] = ["List the permissions the key grants (at least one)."];
        }
        else if (unknown.Length > 0)
        {
            errors["permissions"] = [$"Not in the permission catalogue: {string.Join(", ", unknown)}."];
        }
        else if (notHeld.Length > 0)
        {
            errors["permissions"] = [$"A key cannot grant what you do not hold: {string.Join(", ", notHeld)}."];
        }
        if (request.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            errors["expiresAt"] = ["Must be in the future."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (view, key) = await store.CreateAsync(user.TenantId()!.Value, user.SubjectId()!.Value, name, PermissionCatalogue.KnownOnly(permissions), request.ExpiresAt, ct);
        return TypedResults.Created($"/api/v1/api-keys/{view.Id}", new CreatedApiKey(view, key));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, ApiKeyStore store, CancellationToken ct)
    {
        if (UsersOnly(user) is { } refused)
        {
            return refused;
        }
        if (await store.RevokeAsync(id, ct))
        {
            return TypedResults.NoContent();
        }
        // Revoking twice is not an error; a key of another tenant (or none) is not found.
        return await store.ExistsAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    /// <summary>Keys are managed by people: a leaked key must not be able to mint itself successors.</summary>
    private static ProblemHttpResult? UsersOnly(ClaimsPrincipal user)
        => user.IsApiKey() || user.TenantId() is null || user.SubjectId() is null
            ? TypedResults.Problem("API keys are created and revoked by signed-in tenant users, not by API keys.",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden")
            : null;
}
