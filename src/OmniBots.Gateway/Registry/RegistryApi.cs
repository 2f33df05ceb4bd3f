using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Registry.Admin;
using OmniBots.Gateway.Registry.Endpoints;
using OmniBots.Gateway.Registry.Models;
using OmniBots.Gateway.Registry.Routes;
using OmniBots.Gateway.Registry.Snapshot;
using OmniBots.Gateway.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Access;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Registry;

public static class RegistryApi
{
    /// <summary>
    /// The registry's admin API: <c>/api/v1/admin/gateway/{models,endpoints,routes,defaults}</c> for platform
    /// admins, <c>/api/v1/gateway/{endpoints,routes,defaults,models}</c> for a tenant (integrations.read/write).
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayRegistryApi(this IEndpointRouteBuilder endpoints)
    {
        var platform = endpoints.MapGroup("/api/v1/admin/gateway").WithTags("Gateway registry (platform)")
            .RequireAuthorization(PlatformPolicies.PlatformAdmin);
        ModelsApi.MapModels(platform);
        EndpointsApi.MapEndpoints(platform, _ => AdminScope.Platform, b => b);
        RoutesApi.MapRoutes(platform, _ => AdminScope.Platform, b => b);
        DefaultsApi.MapDefaults(platform, _ => AdminScope.Platform, b => b);

        var tenant = endpoints.MapGroup("/api/v1/gateway").WithTags("Gateway registry").RequirePermission(Permissions.Integrations.Read);
        static AdminScope TenantScope(HttpContext http) => AdminScope.Tenant(http.RequestServices.GetRequiredService<ITenantContext>());
        static RouteHandlerBuilder Write(RouteHandlerBuilder builder) => builder.RequirePermission(Permissions.Integrations.Write);
        EndpointsApi.MapEndpoints(tenant, TenantScope, Write);
        RoutesApi.MapRoutes(tenant, TenantScope, Write);
        DefaultsApi.MapDefaults(tenant, TenantScope, Write);
        tenant.MapGet("/models", async (string? type, HttpContext http, IModelRouter router, CancellationToken ct) =>
        {
            ModelType? filter = type switch
            {
                "chat" => ModelType.Chat,
                "embeddings" => ModelType.Embeddings,
                "realtime" => ModelType.Realtime,
                _ => null,
            };
            var models = await router.ListModelsAsync(TenantScope(http).TenantId!.Value, filter, ct);
            return TypedResults.Ok(models.Select(m => new { m.Code, Type = m.Type.ToString().ToLowerInvariant(), m.ContextTokens, m.Dimensions }));
        }).WithSummary("The models this tenant may call.");
        // What a tenant route may name besides its own endpoints; nothing about credentials.
        tenant.MapGet("/platform-endpoints", async (RegistryCache registry, CancellationToken ct) =>
            TypedResults.Ok((await registry.PlatformAsync(ct)).Endpoints.Values.Where(e => e.Enabled).OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => new { e.Id, e.Name, e.Provider, e.Region, Models = e.Models.Keys.Order(StringComparer.Ordinal).ToArray() })))
            .WithSummary("The platform endpoints a tenant route may name.");
        return endpoints;
    }
}
