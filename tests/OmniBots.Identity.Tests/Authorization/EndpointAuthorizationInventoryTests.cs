using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Access;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Authorization;

/// <summary>
/// Every endpoint under <c>/api/v1</c> (and the gateway's OpenAI-compatible <c>/v1</c>), read from the running host's routing table, and what it demands.
/// Calls each one as a caller who must be refused, so an endpoint added later without authorization fails here.
/// </summary>
public sealed partial class EndpointAuthorizationInventoryTests(EndpointAuthorizationInventoryTests.Fixture fixture) : IClassFixture<EndpointAuthorizationInventoryTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private enum Demand
    {
        Anonymous,
        Permission,
        PlatformAdmin,
        PlatformStaff,
        Authenticated,
        Nothing,
    }

    private sealed record ApiEndpoint(string Method, string Pattern, Demand Demand, IReadOnlyList<string> Permissions)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>Endpoints that are meant to be called without signing in. Adding one is a decision: add it here.</summary>
    private static readonly string[] IntentionallyAnonymous =
    [
        "POST /api/v1/auth/sign-in",
        "POST /api/v1/auth/refresh",
        "POST /api/v1/auth/accept-invite",
        "POST /api/v1/auth/change-password",
        "POST /api/v1/auth/forgot-password",
        "POST /api/v1/auth/reset-password",
        "POST /api/v1/auth/mfa",
        "POST /api/v1/auth/mfa/enrol",
        "POST /api/v1/auth/mfa/enrol/confirm",
        "GET /api/v1/auth/sso/{tenantSlug}/{connectionId:guid}/start",
        "GET /api/v1/auth/sso/callback",
        "POST /api/v1/setup/super-admin",
        // The gateway's OpenAI-compatible API authenticates its own callers: a virtual key as the bearer token,
        // checked by the gateway's VirtualKeyFilter (401 in OpenAI's error shape without a usable key).
        "POST /v1/chat/completions",
        "POST /v1/embeddings",
        "GET /v1/models",
        "GET /v1/models/{id}",
    ];

    /// <summary>
    /// Endpoints any signed-in caller may use: they act on the caller themselves and check what kind of caller it is.
    /// A new endpoint that merely requires sign-in most likely forgot its permission: it fails here until listed.
    /// </summary>
    private static readonly string[] AnySignedInCaller =
    [
        "GET /api/v1/auth/csrf",
        "POST /api/v1/auth/sign-out",
        "POST /api/v1/auth/sign-out-everywhere",
        "GET /api/v1/me",
        "GET /api/v1/me/profile",
        "PATCH /api/v1/me/profile",
        "GET /api/v1/me/mfa",
        "POST /api/v1/me/mfa/totp",
        "GET /api/v1/me/mfa/totp/qr.png",
        "GET /api/v1/me/mfa/totp/qr.svg",
        "POST /api/v1/me/mfa/totp/confirm",
        "DELETE /api/v1/me/mfa/trusted-devices/{id:guid}",
        "GET /api/v1/permissions",
    ];

    private List<ApiEndpoint> Inventory()
    {
        var source = fixture.Host.Services.GetRequiredService<EndpointDataSource>();
        var endpoints = new List<ApiEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (!pattern.StartsWith("/api/v1/", StringComparison.Ordinal) && !pattern.StartsWith("/v1/", StringComparison.Ordinal))
            {
                continue;
            }
            var metadata = endpoint.Metadata;
            var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToArray();
            var permissions = policies.Where(p => p.StartsWith(PermissionEndpointConventions.PolicyPrefix, StringComparison.Ordinal))
                .Select(p => p[PermissionEndpointConventions.PolicyPrefix.Length..]).ToArray();
            var demand = metadata.GetMetadata<IAllowAnonymous>() is not null ? Demand.Anonymous
                : permissions.Length > 0 ? Demand.Permission
                : policies.Contains(PlatformPolicies.PlatformAdmin, StringComparer.Ordinal) ? Demand.PlatformAdmin
                : metadata.GetOrderedMetadata<AuthorizationPolicy>().Any(IsStaffPolicy) ? Demand.PlatformStaff
                : metadata.GetOrderedMetadata<IAuthorizeData>().Any() || metadata.GetOrderedMetadata<AuthorizationPolicy>().Any() ? Demand.Authenticated
                : Demand.Nothing;
            foreach (var method in metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                endpoints.Add(new ApiEndpoint(method, pattern, demand, permissions));
            }
        }
        return endpoints;
    }

    private static bool IsStaffPolicy(AuthorizationPolicy policy)
        => policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement>()
            .Any(r => r.ClaimType == PlatformClaims.PlatformRole);

    /// <summary>A callable path: a random GUID for every GUID parameter, a number for numbers, a word otherwise.</summary>
    private static string Path(ApiEndpoint endpoint)
        => RouteParameter().Replace(endpoint.Pattern, m => m.Groups["constraint"].Value switch
        {
            ":guid" => Guid.NewGuid().ToString(),
            ":long" or ":int" => Random.Shared.Next(1_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "x" + Guid.NewGuid().ToString("N")[..8],
        });

    [GeneratedRegex(@"\{(?<name>[^}:?]+)\??(?<constraint>:[^}]+)?\}")]
    private static partial Regex RouteParameter();

    private static object? Body(ApiEndpoint endpoint) => endpoint.Method is "POST" or "PUT" or "PATCH" ? new { } : null;

    [Fact]
    public void TheInventory_FindsTheApi_AndEveryEndpointDemandsSomething()
    {
        var inventory = Inventory();

        Assert.True(inventory.Count > 40, $"Only {inventory.Count} endpoints found under /api/v1.");
        Assert.Contains(inventory, e => e.Demand == Demand.Permission);
        Assert.Contains(inventory, e => e.Demand == Demand.PlatformAdmin);
        Assert.Contains(inventory, e => e.Demand == Demand.PlatformStaff);
        Assert.Empty(inventory.Where(e => e.Demand == Demand.Nothing).Select(e => e.ToString()));
    }

    [Fact]
    public void AnonymousEndpoints_AreExactlyTheAllowList()
    {
        var anonymous = Inventory().Where(e => e.Demand == Demand.Anonymous).Select(e => e.ToString()).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(IntentionallyAnonymous.Order(StringComparer.Ordinal), anonymous);
    }

    [Fact]
    public void EndpointsThatMerelyRequireSignIn_AreExactlyTheirAllowList()
    {
        var signedIn = Inventory().Where(e => e.Demand == Demand.Authenticated).Select(e => e.ToString()).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(AnySignedInCaller.Order(StringComparer.Ordinal), signedIn);
    }

    [Fact]
    public async Task EveryNonAnonymousEndpoint_RefusesAnAnonymousCaller_With401()
    {
        var client = fixture.Host.CreateClient();
        var failures = new List<string>();
        foreach (var endpoint in Inventory().Where(e => e.Demand != Demand.Anonymous))
        {
            var response = await SendAsync(client, new HttpMethod(endpoint.Method), Path(endpoint), Body(endpoint), _ => { });
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{endpoint}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task EveryPermissionEndpoint_RefusesATenantUserWithoutThePermission_With403Problem()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.Viewer);
        // No role at all: the user holds no permission, so every permission endpoint must refuse them.
        await fixture.Data.ChangeUserAsync(user, "DELETE FROM identity.user_roles WHERE user_id = @id AND tenant_id = @tenant");
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, user)).AccessToken;
        var me = await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/me", token), HttpStatusCode.OK);
        Assert.Empty(me.GetProperty("permissions").EnumerateArray());
        Assert.Equal(tenant.Id, me.GetProperty("tenant").GetProperty("id").GetGuid());

        var failures = new List<string>();
        foreach (var endpoint in Inventory().Where(e => e.Demand == Demand.Permission))
        {
            var response = await SendWithBearerAsync(client, new HttpMethod(endpoint.Method), Path(endpoint), token, Body(endpoint));
            if (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{endpoint} ({string.Join(", ", endpoint.Permissions)}): {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task EveryPlatformEndpoint_RefusesATenantAdmin_With403Problem()
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync(SystemRoles.TenantAdmin);
        var client = fixture.Host.CreateClient();
        var token = (await SignInForTokensAsync(client, admin)).AccessToken;

        var failures = new List<string>();
        var platform = Inventory().Where(e => e.Demand is Demand.PlatformAdmin or Demand.PlatformStaff).ToArray();
        Assert.NotEmpty(platform);
        foreach (var endpoint in platform)
        {
            var response = await SendWithBearerAsync(client, new HttpMethod(endpoint.Method), Path(endpoint), token, Body(endpoint));
            if (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{endpoint}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
            }
        }

        Assert.Empty(failures);
    }
}
