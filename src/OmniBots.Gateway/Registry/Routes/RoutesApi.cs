using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Gateway.Registry.Admin;
using OmniBots.Gateway.Registry.Endpoints;
using OmniBots.Platform.Audit;

namespace OmniBots.Gateway.Registry.Routes;

/// <summary>The endpoints of a route in failover order (region first, then provider: the order expresses it).</summary>
internal sealed record RouteRequest(List<Guid>? Endpoints);

internal sealed record RouteView(string Model, IReadOnlyList<RouteStepView> Endpoints);

internal sealed record RouteStepView(Guid Id, string Name, string Scope);

/// <summary>
/// <c>…/routes</c>: model code → ordered endpoints. A tenant's route for a model replaces the platform route for that
/// tenant; it may name the tenant's own endpoints and platform endpoints, nothing else.
/// </summary>
internal static class RoutesApi
{
    public static void MapRoutes(RouteGroupBuilder group, Func<HttpContext, AdminScope> scopeOf, Func<RouteHandlerBuilder, RouteHandlerBuilder> write)
    {
        group.MapGet("/routes", async (HttpContext http, AdminDeps deps, CancellationToken ct) =>
        {
            var scope = scopeOf(http);
            await using var connection = await deps.OpenAsync(scope, ct);
            return TypedResults.Ok(await ListAsync(connection, scope, ct));
        });
        write(group.MapPut("/routes/{model}", (string model, RouteRequest request, HttpContext http, AdminDeps deps, CancellationToken ct) =>
            PutAsync(model, request, scopeOf(http), deps, ct)));
        write(group.MapDelete("/routes/{model}", async Task<Results<NoContent, NotFound>> (string model, HttpContext http, AdminDeps deps, CancellationToken ct) =>
        {
            var scope = scopeOf(http);
            await using var connection = await deps.OpenAsync(scope, ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await Sql.ExecuteAsync(connection, $"DELETE FROM {StepsTable(scope)} WHERE model_code = @model", ct, ("model", model)) == 0)
            {
                return TypedResults.NotFound();
            }
            await deps.Registry.ChangedAsync(connection, scope.TenantId, ct);
            await transaction.CommitAsync(ct);
            await deps.Audit.RecordAsync(new AuditEntry("gateway.route.deleted") { TargetType = "gateway_route", TargetId = model, Details = new { scope = scope.Audience } }, ct);
            return TypedResults.NoContent();
        }));
    }

    private static string StepsTable(AdminScope scope) => scope.IsPlatform ? "gateway.platform_route_steps" : "gateway.route_steps";

    private static async Task<Results<Ok<RouteView>, ValidationProblem>> PutAsync(string model, RouteRequest request, AdminScope scope, AdminDeps deps, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var ids = request.Endpoints ?? [];
        var platform = await deps.Registry.PlatformAsync(ct);
        if (!platform.Models.ContainsKey(model))
        {
            errors["model"] = [$"No model '{model}' in the registry."];
        }
        if (ids.Count is 0 or > 20)
        {
            errors["endpoints"] = ["1 to 20 endpoint ids, in failover order."];
        }
        await using var connection = await deps.OpenAsync(scope, ct);
        // Own endpoints through this connection (a tenant's sees only its own), then the platform's.
        var own = scope.IsPlatform ? [] : await EndpointStore.ListAsync(connection, scope, ct);
        var steps = new List<RouteStepView>();
        for (var i = 0; i < ids.Count; i++)
        {
            var ownEndpoint = own.Find(e => e.Id == ids[i]);
            var platformEndpoint = platform.Endpoints.GetValueOrDefault(ids[i]);
            var serves = ownEndpoint?.Models.Any(m => m.Model == model) ?? platformEndpoint?.Models.ContainsKey(model);
            if (serves is null)
            {
                errors[$"endpoints[{i}]"] = [$"No endpoint {ids[i]} this {scope.Audience} may route to."];
            }
            else if (serves == false)
            {
                errors[$"endpoints[{i}]"] = [$"Endpoint {ids[i]} does not serve model '{model}'."];
            }
            else if (steps.Any(s => s.Id == ids[i]))
            {
                errors[$"endpoints[{i}]"] = ["Listed twice."];
            }
            steps.Add(ownEndpoint is not null ? new RouteStepView(ids[i], ownEndpoint.Name, "tenant") : new RouteStepView(ids[i], platformEndpoint?.Name ?? "", "platform"));
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Sql.ExecuteAsync(connection, $"DELETE FROM {StepsTable(scope)} WHERE model_code = @model", ct, ("model", model));
        for (var i = 0; i < steps.Count; i++)
        {
            var sql = scope.IsPlatform
                ? "INSERT INTO gateway.platform_route_steps (model_code, position, endpoint_id) VALUES (@model, @position, @id)"
                : steps[i].Scope == "tenant"
                    ? "INSERT INTO gateway.route_steps (tenant_id, model_code, position, endpoint_id) VALUES (@tenant, @model, @position, @id)"
                    : "INSERT INTO gateway.route_steps (tenant_id, model_code, position, platform_endpoint_id) VALUES (@tenant, @model, @position, @id)";
            await Sql.ExecuteAsync(connection, sql, ct, ("tenant", scope.TenantId), ("model", model), ("position", i), ("id", steps[i].Id));
        }
        await deps.Registry.ChangedAsync(connection, scope.TenantId, ct);
        await transaction.CommitAsync(ct);
        var view = new RouteView(model, steps);
        await deps.Audit.RecordAsync(new AuditEntry("gateway.route.set") { TargetType = "gateway_route", TargetId = model, Details = new { scope = scope.Audience, view.Endpoints } }, ct);
        return TypedResults.Ok(view);
    }

    private static async Task<List<RouteView>> ListAsync(NpgsqlConnection connection, AdminScope scope, CancellationToken ct)
    {
        var sql = scope.IsPlatform
            ? "SELECT s.model_code, e.id, e.name, 'platform' FROM gateway.platform_route_steps s JOIN gateway.platform_endpoints e ON e.id = s.endpoint_id ORDER BY s.model_code, s.position"
            : "SELECT s.model_code, coalesce(o.id, p.id), coalesce(o.name, p.name), CASE WHEN o.id IS NULL THEN 'platform' ELSE 'tenant' END " +
              "FROM gateway.route_steps s LEFT JOIN gateway.endpoints o ON o.id = s.endpoint_id LEFT JOIN gateway.platform_endpoints p ON p.id = s.platform_endpoint_id " +
              "ORDER BY s.model_code, s.position";
        var rows = await Sql.ListAsync(connection, sql, r => (Model: r.GetString(0), Step: new RouteStepView(r.GetGuid(1), r.GetString(2), r.GetString(3))), ct);
        return [.. rows.GroupBy(r => r.Model, StringComparer.Ordinal).Select(g => new RouteView(g.Key, [.. g.Select(r => r.Step)]))];
    }
}
