using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Bots.Common;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Bots.Bots;

/// <summary><c>/api/v1/bots</c> (SPEC BOT-1): the tenant's bots. Creating a bot creates its first draft version.</summary>
internal static class BotsEndpoints
{
    public static RouteGroupBuilder MapBots(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/bots").WithTags("Bots").RequirePermission(Permissions.Bots.Read);
        group.MapGet("", async (BotStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct))).WithName("ListBots");
        group.MapGet("/{id:guid}", async Task<Results<Ok<BotView>, NotFound>> (Guid id, BotStore store, CancellationToken ct)
            => await store.FindAsync(id, ct) is { } bot ? TypedResults.Ok(bot) : TypedResults.NotFound()).WithName("GetBot");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Bots.Write).WithName("CreateBot")
            .WithSummary("Creates a bot and its first draft version (a Start node leading to an End node).");
        group.MapPatch("/{id:guid}", UpdateAsync).RequirePermission(Permissions.Bots.Write).WithName("UpdateBot")
            .WithSummary("Changes a bot's settings; absent fields keep their value.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Bots.Write).WithName("DeleteBot")
            .WithSummary("Deletes a bot with its versions and deployments.");
        return group;
    }

    private static async Task<Results<Created<BotView>, ValidationProblem>> CreateAsync(
        BotRequest request, ClaimsPrincipal user, BotStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var fields = BotInput.Check(request, create: true, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        var bot = await store.CreateAsync(user.TenantId()!.Value, user.SubjectId(), fields, ct);
        await audit.RecordAsync(new AuditEntry("bot.created") { TargetType = "bot", TargetId = bot.Id.ToString(), Details = new { bot.Name } }, ct);
        return TypedResults.Created($"/api/v1/bots/{bot.Id}", bot);
    }

    private static async Task<Results<Ok<BotView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, BotRequest request, BotStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var fields = BotInput.Check(request, create: false, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        var (outcome, bot) = await store.UpdateAsync(id, fields, ct);
        switch (outcome)
        {
            case BotStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case BotStore.Outcome.Invalid:
                errors.Add("defaultLanguage", "Must be one of languages.");
                return TypedResults.ValidationProblem(errors.All);
        }
        await audit.RecordAsync(new AuditEntry("bot.updated") { TargetType = "bot", TargetId = id.ToString(), Details = request }, ct);
        return TypedResults.Ok(bot!);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, BotStore store, IAuditLog audit, CancellationToken ct)
    {
        if (!await store.DeleteAsync(id, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("bot.deleted") { TargetType = "bot", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }
}
