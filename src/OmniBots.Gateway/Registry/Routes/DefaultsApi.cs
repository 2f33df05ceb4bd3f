using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Registry.Admin;
using OmniBots.Gateway.Registry.Endpoints;
using OmniBots.Platform.Audit;

namespace OmniBots.Gateway.Registry.Routes;

/// <summary>Default models; null clears one (the tenant then falls back to the platform's, the platform to offline).</summary>
internal sealed record DefaultsRequest(string? Chat, string? Embeddings);

internal sealed record DefaultsView(string? Chat, string? Embeddings);

/// <summary><c>…/defaults</c>: the model an empty model name means, for chat and for embeddings.</summary>
internal static class DefaultsApi
{
    public static void MapDefaults(RouteGroupBuilder group, Func<HttpContext, AdminScope> scopeOf, Func<RouteHandlerBuilder, RouteHandlerBuilder> write)
    {
        group.MapGet("/defaults", async (HttpContext http, AdminDeps deps, CancellationToken ct) =>
        {
            var scope = scopeOf(http);
            await using var connection = await deps.OpenAsync(scope, ct);
            return TypedResults.Ok(await ReadAsync(connection, scope, ct));
        });
        write(group.MapPut("/defaults", PutAsync));

        async Task<Results<Ok<DefaultsView>, ValidationProblem>> PutAsync(DefaultsRequest request, HttpContext http, AdminDeps deps, CancellationToken ct)
        {
            var scope = scopeOf(http);
            var platform = await deps.Registry.PlatformAsync(ct);
            var errors = new Dictionary<string, string[]>();
            Check("chat", request.Chat, ModelType.Chat);
            Check("embeddings", request.Embeddings, ModelType.Embeddings);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var table = scope.IsPlatform ? "gateway.platform_defaults" : "gateway.tenant_defaults";
            var tenantColumn = scope.IsPlatform ? "" : "tenant_id, ";
            var tenantValue = scope.IsPlatform ? "" : "@tenant, ";
            await using var connection = await deps.OpenAsync(scope, ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await Sql.ExecuteAsync(connection, $"DELETE FROM {table}", ct);
            foreach (var (kind, model) in new[] { ("chat", request.Chat), ("embeddings", request.Embeddings) })
            {
                if (model is not null)
                {
                    await Sql.ExecuteAsync(connection, $"INSERT INTO {table} ({tenantColumn}kind, model_code) VALUES ({tenantValue}@kind, @model)", ct,
                        ("tenant", scope.TenantId), ("kind", kind), ("model", model));
                }
            }
            await deps.Registry.ChangedAsync(connection, scope.TenantId, ct);
            await transaction.CommitAsync(ct);
            var view = new DefaultsView(request.Chat, request.Embeddings);
            await deps.Audit.RecordAsync(new AuditEntry("gateway.defaults.set") { TargetType = "gateway_defaults", TargetId = scope.Audience, Details = view }, ct);
            return TypedResults.Ok(view);

            void Check(string field, string? model, ModelType type)
            {
                if (model is null)
                {
                    return;
                }
                if (!platform.Models.TryGetValue(model, out var entry))
                {
                    errors[field] = [$"No model '{model}' in the registry."];
                }
                else if (entry.Type != type)
                {
                    errors[field] = [$"'{model}' is not a {field} model."];
                }
            }
        }
    }

    private static async Task<DefaultsView> ReadAsync(Npgsql.NpgsqlConnection connection, AdminScope scope, CancellationToken ct)
    {
        var rows = await Sql.ListAsync(connection, $"SELECT kind, model_code FROM {(scope.IsPlatform ? "gateway.platform_defaults" : "gateway.tenant_defaults")}",
            r => (Kind: r.GetString(0), Model: r.GetString(1)), ct);
        return new DefaultsView(rows.Find(r => r.Kind == "chat").Model, rows.Find(r => r.Kind == "embeddings").Model);
    }
}
