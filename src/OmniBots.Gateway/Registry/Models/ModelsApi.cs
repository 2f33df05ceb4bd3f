using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Gateway.Registry.Admin;
using OmniBots.Gateway.Registry.Endpoints;
using OmniBots.Platform.Audit;

namespace OmniBots.Gateway.Registry.Models;

internal sealed record ModelRequest(string? Code, string? Type, int? ContextTokens, int? Dimensions);

internal sealed record ModelView(string Code, string Type, int? ContextTokens, int? Dimensions, bool BuiltIn);

/// <summary>Platform models (SPEC GW-2): code (immutable), type, context size, vector size for embeddings.</summary>
internal static partial class ModelsApi
{
    private const string Select = "SELECT code, type, context_tokens, dimensions, built_in FROM gateway.models";

    public static void MapModels(RouteGroupBuilder group)
    {
        group.MapGet("/models", async (AdminDeps deps, CancellationToken ct) =>
        {
            await using var connection = await deps.OpenAsync(AdminScope.Platform, ct);
            return TypedResults.Ok(await Sql.ListAsync(connection, Select + " ORDER BY code", Read, ct));
        });
        group.MapPost("/models", CreateAsync);
        group.MapPut("/models/{code}", UpdateAsync);
        group.MapDelete("/models/{code}", DeleteAsync);
        PricesApi.MapPrices(group);
    }

    private static async Task<Results<Created<ModelView>, ValidationProblem>> CreateAsync(ModelRequest request, AdminDeps deps, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
        {
            errors["code"] = ["1 to 100 letters, digits and . _ : / -, starting with a letter or digit."];
        }
        if (request.Type is not ("chat" or "embeddings" or "realtime"))
        {
            errors["type"] = ["One of chat, embeddings, realtime."];
        }
        CheckSizes(request, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await deps.OpenAsync(AdminScope.Platform, ct);
        var inserted = await Sql.ExecuteAsync(connection,
            "INSERT INTO gateway.models (code, type, context_tokens, dimensions) VALUES (@code, @type, @context, @dimensions) ON CONFLICT DO NOTHING", ct,
            ("code", code), ("type", request.Type), ("context", request.ContextTokens), ("dimensions", request.Dimensions));
        if (inserted == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [$"A model '{code}' exists."] });
        }
        await deps.Registry.ChangedAsync(null, null, ct);
        var view = new ModelView(code, request.Type!, request.ContextTokens, request.Dimensions, false);
        await deps.Audit.RecordAsync(new AuditEntry("gateway.model.created") { TargetType = "gateway_model", TargetId = code, Details = view }, ct);
        return TypedResults.Created($"/api/v1/admin/gateway/models/{code}", view);
    }

    private static async Task<Results<Ok<ModelView>, NotFound, ValidationProblem>> UpdateAsync(string code, ModelRequest request, AdminDeps deps, CancellationToken ct)
    {
        await using var connection = await deps.OpenAsync(AdminScope.Platform, ct);
        var model = (await Sql.ListAsync(connection, Select + " WHERE code = @code", Read, ct, ("code", code))).FirstOrDefault();
        if (model is null)
        {
            return TypedResults.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        CheckSizes(request with { Type = model.Type }, errors);
        if (request.Type is not null && request.Type != model.Type)
        {
            errors["type"] = ["A model's type cannot change: create a new model."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await Sql.ExecuteAsync(connection, "UPDATE gateway.models SET context_tokens = @context, dimensions = @dimensions WHERE code = @code", ct,
            ("code", code), ("context", request.ContextTokens), ("dimensions", request.Dimensions));
        await deps.Registry.ChangedAsync(null, null, ct);
        var view = model with { ContextTokens = request.ContextTokens, Dimensions = request.Dimensions };
        await deps.Audit.RecordAsync(new AuditEntry("gateway.model.updated") { TargetType = "gateway_model", TargetId = code, Details = view }, ct);
        return TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(string code, AdminDeps deps, CancellationToken ct)
    {
        await using var connection = await deps.OpenAsync(AdminScope.Platform, ct);
        try
        {
            var deleted = await Sql.ExecuteAsync(connection, "DELETE FROM gateway.models WHERE code = @code AND NOT built_in", ct, ("code", code));
            if (deleted == 0)
            {
                return await Sql.ListAsync(connection, Select + " WHERE code = @code", Read, ct, ("code", code)) is [_]
                    ? TypedResults.Problem("Built-in models are always present.", statusCode: StatusCodes.Status409Conflict, title: "Built-in model")
                    : TypedResults.NotFound();
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return TypedResults.Problem($"Endpoints serve model '{code}': remove it from them first.", statusCode: StatusCodes.Status409Conflict, title: "Model in use");
        }
        await deps.Registry.ChangedAsync(null, null, ct);
        await deps.Audit.RecordAsync(new AuditEntry("gateway.model.deleted") { TargetType = "gateway_model", TargetId = code }, ct);
        return TypedResults.NoContent();
    }

    private static void CheckSizes(ModelRequest request, Dictionary<string, string[]> errors)
    {
        if (request.ContextTokens is <= 0)
        {
            errors["contextTokens"] = ["A positive number of tokens, or null."];
        }
        if (request.Dimensions is not null && (request.Dimensions <= 0 || request.Type != "embeddings"))
        {
            errors["dimensions"] = ["A positive vector size, for embeddings models only."];
        }
    }

    private static ModelView Read(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.IntOrNull(2), r.IntOrNull(3), r.GetBoolean(4));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$")]
    private static partial Regex CodePattern();
}
