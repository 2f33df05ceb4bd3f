using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Gateway.Registry.Admin;
using OmniBots.Gateway.Registry.BuiltIn;
using OmniBots.Gateway.Registry.Snapshot;
using OmniBots.Gateway.Routing;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Database;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Registry.Endpoints;

/// <summary>
/// <c>…/endpoints</c> at platform level and per tenant (SPEC GW-3). Credentials are write-only: protected at rest
/// (platform or tenant-bound protector) and shown only as <c>hasCredentials</c>/<c>credentialNames</c>.
/// </summary>
internal static class EndpointsApi
{
    public static void MapEndpoints(RouteGroupBuilder group, Func<HttpContext, AdminScope> scopeOf, Func<RouteHandlerBuilder, RouteHandlerBuilder> write)
    {
        group.MapGet("/endpoints", async (HttpContext http, AdminDeps deps, CancellationToken ct) =>
        {
            await using var connection = await deps.OpenAsync(scopeOf(http), ct);
            return TypedResults.Ok(await EndpointStore.ListAsync(connection, scopeOf(http), ct));
        });
        group.MapGet("/endpoints/{id:guid}", async Task<Results<Ok<EndpointView>, NotFound>> (Guid id, HttpContext http, AdminDeps deps, CancellationToken ct) =>
        {
            await using var connection = await deps.OpenAsync(scopeOf(http), ct);
            return await EndpointStore.FindAsync(connection, scopeOf(http), id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();
        });
        write(group.MapPost("/endpoints", (EndpointRequest request, HttpContext http, AdminDeps deps, CancellationToken ct) =>
            SaveAsync(null, request, scopeOf(http), deps, ct)));
        write(group.MapPut("/endpoints/{id:guid}", (Guid id, EndpointRequest request, HttpContext http, AdminDeps deps, CancellationToken ct) =>
            SaveAsync(id, request, scopeOf(http), deps, ct)));
        write(group.MapDelete("/endpoints/{id:guid}", DeleteAsync));

        async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext http, AdminDeps deps, CancellationToken ct)
        {
            var scope = scopeOf(http);
            if (id == OfflineAdapterFactory.EndpointId)
            {
                return BuiltIn();
            }
            await using var connection = await deps.OpenAsync(scope, ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (!await EndpointStore.DeleteAsync(connection, scope, id, ct))
            {
                return TypedResults.NotFound();
            }
            await deps.Registry.ChangedAsync(connection, scope.TenantId, ct);
            await transaction.CommitAsync(ct);
            await deps.Audit.RecordAsync(new AuditEntry("gateway.endpoint.deleted") { TargetType = "gateway_endpoint", TargetId = id.ToString(), Details = new { scope = scope.Audience } }, ct);
            return TypedResults.NoContent();
        }
    }

    private static async Task<Results<Created<EndpointView>, Ok<EndpointView>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(
        Guid? id, EndpointRequest request, AdminScope scope, AdminDeps deps, CancellationToken ct)
    {
        if (id == OfflineAdapterFactory.EndpointId)
        {
            return BuiltIn();
        }
        await using var connection = await deps.OpenAsync(scope, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        string? storedCredentials = null;
        if (id is { } existing)
        {
            if (await EndpointStore.FindAsync(connection, scope, existing, ct) is null)
            {
                return TypedResults.NotFound();
            }
            storedCredentials = await EndpointStore.ProtectedCredentialsAsync(connection, scope, existing, ct);
        }
        var keep = id is not null && request.Credentials is null;
        var credentials = keep ? deps.Unprotect(scope, storedCredentials) : request.Credentials ?? [];
        var errors = new Dictionary<string, string[]>();
        var platform = await deps.Registry.PlatformAsync(ct);
        var checkedEndpoint = EndpointValidation.Check(request, credentials, platform, deps.Adapters, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var protectedCredentials = keep || credentials.Count == 0 ? null : deps.Protect(scope, JsonSerializer.Serialize(credentials));
        var saved = await EndpointStore.SaveAsync(connection, scope, id, checkedEndpoint, protectedCredentials, keep ? null : [.. credentials.Keys], ct);
        if (saved is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [$"An endpoint named '{checkedEndpoint.Name}' exists."] });
        }
        await deps.Registry.ChangedAsync(connection, scope.TenantId, ct);
        await transaction.CommitAsync(ct);
        var view = (await EndpointStore.FindAsync(connection, scope, saved.Value, ct))!;
        // Credential names only, never values.
        await deps.Audit.RecordAsync(new AuditEntry(id is null ? "gateway.endpoint.created" : "gateway.endpoint.updated")
        {
            TargetType = "gateway_endpoint",
            TargetId = saved.Value.ToString(),
            Details = new { scope = scope.Audience, view.Name, view.Provider, view.BaseUrl, view.Region, view.CredentialNames, view.Enabled, models = view.Models },
        }, ct);
        return id is null ? TypedResults.Created($"{scope.BasePath}/endpoints/{view.Id}", view) : TypedResults.Ok(view);
    }

    private static ProblemHttpResult BuiltIn() =>
        TypedResults.Problem("The built-in offline endpoint is always present and cannot be changed or deleted.",
            statusCode: StatusCodes.Status409Conflict, title: "Built-in endpoint");
}

/// <summary>What every admin handler needs, resolved once per request.</summary>
internal sealed class AdminDeps(
    PlatformDatabase database, TenantDatabase tenantDatabase, RegistryCache registry, AdapterCache adapters,
    IPlatformSecretProtector platformSecrets, ISecretProtector tenantSecrets, IAuditLog audit)
{
    public RegistryCache Registry { get; } = registry;
    public AdapterCache Adapters { get; } = adapters;
    public IAuditLog Audit { get; } = audit;

    public Task<Npgsql.NpgsqlConnection> OpenAsync(AdminScope scope, CancellationToken ct) => scope.OpenAsync(database, tenantDatabase, ct);

    public string Protect(AdminScope scope, string plaintext) => scope.IsPlatform
        ? platformSecrets.Protect(RegistryLoader.CredentialsPurpose, plaintext)
        : tenantSecrets.Protect(RegistryLoader.CredentialsPurpose, plaintext);

    public IReadOnlyDictionary<string, string> Unprotect(AdminScope scope, string? protectedValue)
    {
        if (protectedValue is null)
        {
            return new Dictionary<string, string>();
        }
        var plaintext = scope.IsPlatform
            ? platformSecrets.Unprotect(RegistryLoader.CredentialsPurpose, protectedValue)
            : tenantSecrets.Unprotect(RegistryLoader.CredentialsPurpose, protectedValue);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(plaintext) ?? [];
    }
}
