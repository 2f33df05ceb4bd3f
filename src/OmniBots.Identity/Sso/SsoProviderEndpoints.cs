using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Platform.Access;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Sso;

internal sealed record CreateSsoProviderRequest(string? Kind, string? Name, string? Issuer, string? DiscoveryUrl, bool? Enabled);

internal sealed record SetSsoProviderEnabledRequest(bool? Enabled);

/// <summary><c>/api/v1/admin/sso-providers</c>: super admins enable identity providers for the platform.</summary>
internal static class SsoProviderEndpoints
{
    private static readonly string[] Kinds = ["google", "entra", "oidc"];

    public static void MapSsoProviders(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/sso-providers").WithTags("SSO").RequireAuthorization(PlatformPolicies.PlatformAdmin);
        group.MapGet("", async (SsoProviders providers, CancellationToken ct) => TypedResults.Ok(await providers.ListAsync(ct)))
            .WithName("ListSsoProviders").WithSummary("Lists the identity providers (super admins).");
        group.MapPost("", CreateAsync).WithName("CreateSsoProvider").WithSummary("Adds an OpenID Connect provider (google, entra or oidc).");
        group.MapPut("/{id:guid}/enabled", SetEnabledAsync).WithName("SetSsoProviderEnabled").WithSummary("Enables or disables a provider for every tenant.");
    }

    private static async Task<Results<Created<SsoProviderView>, ValidationProblem>> CreateAsync(
        CreateSsoProviderRequest request, SsoProviders providers, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Kind is null || !Kinds.Contains(request.Kind, StringComparer.Ordinal))
        {
            errors["kind"] = ["One of google, entra, oidc."];
        }
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }
        if (!SsoValidation.IsProviderUrl(request.Issuer, out _))
        {
            errors["issuer"] = ["The issuer URL (https; http only on loopback) is required."];
        }
        var discovery = string.IsNullOrEmpty(request.DiscoveryUrl) ? request.Issuer?.TrimEnd('/') + "/.well-known/openid-configuration" : request.DiscoveryUrl;
        if (!errors.ContainsKey("issuer") && !SsoValidation.IsProviderUrl(discovery, out _))
        {
            errors["discoveryUrl"] = ["Not an https URL (http only on loopback)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var created = await providers.CreateAsync(request.Kind!, name, request.Issuer!, discovery!, request.Enabled ?? true, ct);
        await audit.RecordAsync(new AuditEntry("sso.provider_created") { TargetType = "sso_provider", TargetId = created.Id.ToString(), Details = new { created.Kind, created.Issuer } }, ct);
        return TypedResults.Created($"/api/v1/admin/sso-providers/{created.Id}", created);
    }

    private static async Task<Results<Ok<SsoProviderView>, ValidationProblem, NotFound>> SetEnabledAsync(
        Guid id, SetSsoProviderEnabledRequest request, SsoProviders providers, IAuditLog audit, CancellationToken ct)
    {
        if (request.Enabled is not { } enabled)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["enabled"] = ["true or false is required."] });
        }
        if (await providers.SetEnabledAsync(id, enabled, ct) is not { } provider)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry(enabled ? "sso.provider_enabled" : "sso.provider_disabled") { TargetType = "sso_provider", TargetId = id.ToString() }, ct);
        return TypedResults.Ok(provider);
    }
}
