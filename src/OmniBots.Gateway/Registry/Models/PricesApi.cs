using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Gateway.Registry.Admin;
using OmniBots.Gateway.Registry.Endpoints;
using OmniBots.Platform.Audit;

namespace OmniBots.Gateway.Registry.Models;

/// <summary><see cref="ValidTo"/> is the last day the price applies (inclusive); null is open-ended. Prices are USD per million tokens.</summary>
internal sealed record PriceRequest(DateOnly? ValidFrom, DateOnly? ValidTo, decimal? InputPerMillion, decimal? OutputPerMillion, string? Currency);

internal sealed record PriceView(Guid Id, DateOnly ValidFrom, DateOnly? ValidTo, decimal InputPerMillion, decimal OutputPerMillion, string Currency);

/// <summary>A model's dated, non-overlapping price periods (SPEC GW-2); the database refuses overlaps too.</summary>
internal static class PricesApi
{
    public static void MapPrices(RouteGroupBuilder group)
    {
        group.MapGet("/models/{code}/prices", async Task<Results<Ok<List<PriceView>>, NotFound>> (string code, AdminDeps deps, CancellationToken ct) =>
        {
            await using var connection = await deps.OpenAsync(AdminScope.Platform, ct);
            if (!await ExistsAsync(connection, code, ct))
            {
                return TypedResults.NotFound();
            }
            return TypedResults.Ok(await Sql.ListAsync(connection,
                "SELECT id, valid_from, valid_to, input_per_million, output_per_million, currency FROM gateway.model_prices WHERE model_code = @code ORDER BY valid_from",
                r => new PriceView(r.GetGuid(0), r.GetFieldValue<DateOnly>(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateOnly>(2), r.GetDecimal(3), r.GetDecimal(4), r.GetString(5)),
                ct, ("code", code)));
        });
        group.MapPost("/models/{code}/prices", AddAsync);
        group.MapDelete("/models/{code}/prices/{id:guid}", async Task<Results<NoContent, NotFound>> (string code, Guid id, AdminDeps deps, CancellationToken ct) =>
        {
            await using var connection = await deps.OpenAsync(AdminScope.Platform, ct);
            if (await Sql.ExecuteAsync(connection, "DELETE FROM gateway.model_prices WHERE id = @id AND model_code = @code", ct, ("id", id), ("code", code)) == 0)
            {
                return TypedResults.NotFound();
            }
            await deps.Registry.ChangedAsync(null, null, ct);
            await deps.Audit.RecordAsync(new AuditEntry("gateway.price.deleted") { TargetType = "gateway_model", TargetId = code, Details = new { id } }, ct);
            return TypedResults.NoContent();
        });
    }

    private static async Task<Results<Created<PriceView>, NotFound, ValidationProblem>> AddAsync(string code, PriceRequest request, AdminDeps deps, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ValidFrom is null)
        {
            errors["validFrom"] = ["The first day the price applies is required."];
        }
        if (request.ValidTo is { } to && request.ValidFrom is { } from && to < from)
        {
            errors["validTo"] = ["Not before validFrom (it is the last day the price applies)."];
        }
        if (request.InputPerMillion is null or < 0)
        {
            errors["inputPerMillion"] = ["A price of at least 0 per million input tokens is required."];
        }
        if (request.OutputPerMillion is null or < 0)
        {
            errors["outputPerMillion"] = ["A price of at least 0 per million output tokens is required."];
        }
        if (request.Currency is not (null or "USD"))
        {
            errors["currency"] = ["Prices are in USD."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await deps.OpenAsync(AdminScope.Platform, ct);
        if (!await ExistsAsync(connection, code, ct))
        {
            return TypedResults.NotFound();
        }
        var view = new PriceView(Guid.NewGuid(), request.ValidFrom!.Value, request.ValidTo, request.InputPerMillion!.Value, request.OutputPerMillion!.Value, "USD");
        try
        {
            await Sql.ExecuteAsync(connection,
                "INSERT INTO gateway.model_prices (id, model_code, valid_from, valid_to, input_per_million, output_per_million) VALUES (@id, @code, @from, @to, @in, @out)", ct,
                ("id", view.Id), ("code", code), ("from", view.ValidFrom), ("to", view.ValidTo), ("in", view.InputPerMillion), ("out", view.OutputPerMillion));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            // The trigger's message names the period it overlaps, its detail the period's id.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["validFrom"] = [$"The {e.MessageText} (price {e.Detail})."] });
        }
        await deps.Registry.ChangedAsync(null, null, ct);
        await deps.Audit.RecordAsync(new AuditEntry("gateway.price.added") { TargetType = "gateway_model", TargetId = code, Details = view }, ct);
        return TypedResults.Created($"/api/v1/admin/gateway/models/{code}/prices/{view.Id}", view);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string code, CancellationToken ct) =>
        (await Sql.ListAsync(connection, "SELECT 1 FROM gateway.models WHERE code = @code", r => r.GetInt32(0), ct, ("code", code))).Count > 0;
}
