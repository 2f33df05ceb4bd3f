using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows;
using OmniBots.Bots.Flows.Validation;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Bots.Versions;

/// <summary><c>/api/v1/bots/{botId}/versions</c> (SPEC BOT-2, BOT-3, FLOW-1): history, the draft and its saves
/// (If-Match), validation, publish and rollback.</summary>
internal static class VersionsEndpoints
{
    private const int MaxLinkedFlows = 50;
    private const int MaxNodes = 2000;

    public static void MapVersions(this RouteGroupBuilder bots)
    {
        var group = bots.MapGroup("/{botId:guid}/versions").WithTags("Bot versions");
        group.MapGet("", async Task<Results<Ok<IReadOnlyList<VersionSummary>>, NotFound>> (Guid botId, VersionStore store, CancellationToken ct)
            => await store.ListAsync(botId, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound()).WithName("ListBotVersions");
        group.MapGet("/{number:int}", GetAsync).WithName("GetBotVersion");
        group.MapPost("", CreateDraftAsync).RequirePermission(Permissions.Bots.Write).WithName("CreateDraftVersion")
            .WithSummary("Starts the draft (one at a time) as a copy of fromVersion, or of the published version, or of the latest.");
        group.MapPut("/{number:int}", SaveDraftAsync).RequirePermission(Permissions.Bots.Write).WithName("SaveDraftVersion")
            .WithSummary("Saves the draft's flows. Requires If-Match with the draft's ETag; never validates (publishing does).");
        group.MapDelete("/{number:int}", DeleteDraftAsync).RequirePermission(Permissions.Bots.Write).WithName("DeleteDraftVersion");
        group.MapPost("/{number:int}/validate", ValidateAsync).WithName("ValidateBotVersion")
            .WithSummary("Returns every problem of the version's flows (empty when it can be published).");
        group.MapPost("/{number:int}/publish", PublishAsync).RequirePermission(Permissions.Bots.Publish).WithName("PublishBotVersion")
            .WithSummary("Publishes the draft (the published version is archived); refused with the list of problems when a flow is invalid.");
        group.MapPost("/{number:int}/rollback", RollbackAsync).RequirePermission(Permissions.Bots.Publish).WithName("RollbackBotVersion")
            .WithSummary("Publishes a copy of an archived version as a new version number.");
    }

    private static async Task<Results<Ok<VersionDetail>, NotFound>> GetAsync(Guid botId, int number, HttpContext http, VersionStore store, CancellationToken ct)
    {
        if (await store.FindAsync(botId, number, ct) is not { } version)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = version.ETag;
        return TypedResults.Ok(version);
    }

    private static async Task<Results<Created<VersionDetail>, NotFound, ProblemHttpResult>> CreateDraftAsync(
        Guid botId, NewDraftRequest? request, ClaimsPrincipal user, HttpContext http, VersionStore store, IAuditLog audit, CancellationToken ct)
    {
        var (outcome, draft) = await store.CreateDraftAsync(user.TenantId()!.Value, botId, request?.FromVersion, user.SubjectId(), ct);
        switch (outcome)
        {
            case VersionStore.Outcome.BotNotFound or VersionStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case VersionStore.Outcome.DraftExists:
                return Problems.Conflict("Draft exists", "The bot already has a draft: edit it, or delete it first.");
        }
        await audit.RecordAsync(new AuditEntry("bot.draft_created")
        {
            TargetType = "bot", TargetId = botId.ToString(), Details = new { draft!.Version.Number, draft.Version.BasedOn },
        }, ct);
        http.Response.Headers.ETag = draft.ETag;
        return TypedResults.Created($"/api/v1/bots/{botId}/versions/{draft.Version.Number}", draft);
    }

    private static async Task<Results<Ok<VersionDetail>, NotFound, ValidationProblem, ProblemHttpResult>> SaveDraftAsync(
        Guid botId, int number, VersionContent content, ClaimsPrincipal user, HttpContext http, VersionStore store, CancellationToken ct)
    {
        if (Revisions.FromIfMatch(http) is not { } revision)
        {
            return Problems.PreconditionRequired();
        }
        var errors = new FieldErrors();
        if (content.LinkedFlows is { Count: > MaxLinkedFlows })
        {
            errors.Add("linkedFlows", $"At most {MaxLinkedFlows} linked flows.");
        }
        var nodes = (content.PrimaryFlow?.Nodes?.Count ?? 0) + (content.LinkedFlows ?? []).Sum(f => f?.Nodes?.Count ?? 0);
        if (nodes > MaxNodes)
        {
            errors.Add("primaryFlow", $"At most {MaxNodes} nodes in all flows of a version.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        var normalised = content with { PrimaryFlow = content.PrimaryFlow ?? FlowGraph.Empty, LinkedFlows = content.LinkedFlows ?? [] };
        var (outcome, version) = await store.SaveDraftAsync(botId, number, revision, FlowJson.Serialize(normalised), user.SubjectId(), ct);
        switch (outcome)
        {
            case VersionStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case VersionStore.Outcome.NotDraft:
                return Problems.Conflict("Not a draft", $"Version {number} is {version!.Version.Status}: only the draft can be edited. Start a new draft from it.");
            case VersionStore.Outcome.Conflict:
                http.Response.Headers.ETag = version!.ETag;
                return Problems.PreconditionFailed($"The draft changed since you loaded it (now {version.ETag}): reload it and apply your changes again.");
        }
        http.Response.Headers.ETag = version!.ETag;
        return TypedResults.Ok(version);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteDraftAsync(Guid botId, int number, VersionStore store, CancellationToken ct)
        => await store.DeleteDraftAsync(botId, number, ct) switch
        {
            VersionStore.Outcome.Done => TypedResults.NoContent(),
            VersionStore.Outcome.NotDraft => Problems.Conflict("Not a draft", "Only the draft can be deleted; published and archived versions are history."),
            _ => TypedResults.NotFound(),
        };

    private static async Task<Results<Ok<ValidationResult>, NotFound>> ValidateAsync(
        Guid botId, int number, VersionStore store, FlowChecker checker, CancellationToken ct)
    {
        if (await store.FindAsync(botId, number, ct) is not { } version)
        {
            return TypedResults.NotFound();
        }
        var problems = await checker.ValidateVersionAsync(ContentOf(version), ct);
        return TypedResults.Ok(new ValidationResult(problems.Count == 0, problems));
    }

    internal static VersionContent ContentOf(VersionDetail version)
        => FlowJson.Deserialize<VersionContent>(version.Content.GetRawText()) ?? new VersionContent(FlowGraph.Empty, []);

    private static async Task<Results<Ok<VersionDetail>, NotFound, ValidationProblem, ProblemHttpResult>> PublishAsync(
        Guid botId, int number, PublishRequest? request, ClaimsPrincipal user, VersionStore store, FlowChecker checker, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var label = errors.Text("label", request?.Label, 100, required: false);
        var notes = errors.Text("releaseNotes", request?.ReleaseNotes, 5000, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.FindAsync(botId, number, ct) is not { } version)
        {
            return TypedResults.NotFound();
        }
        if (version.Version.Status != VersionStatus.Draft)
        {
            return NotDraftForPublish(number, version.Version.Status);
        }
        if (await checker.ValidateVersionAsync(ContentOf(version), ct) is { Count: > 0 } problems)
        {
            return FlowProblems.Refused(problems);
        }
        var (outcome, published) = await store.PublishAsync(botId, number, version.Version.Revision, label, notes, user.SubjectId(), ct);
        switch (outcome)
        {
            case VersionStore.Outcome.BotNotFound or VersionStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case VersionStore.Outcome.NotDraft:
                return NotDraftForPublish(number, published!.Version.Status);
            case VersionStore.Outcome.Conflict:
                return Problems.Conflict("Draft changed", "The draft was saved while it was being published: validate and publish again.");
        }
        await audit.RecordAsync(new AuditEntry("bot.version_published") { TargetType = "bot", TargetId = botId.ToString(), Details = new { number, label } }, ct);
        return TypedResults.Ok(published!);
    }

    private static ProblemHttpResult NotDraftForPublish(int number, string status)
        => Problems.Conflict("Not a draft", $"Version {number} is {status}: only the draft can be published (use rollback for an archived version).");

    private static async Task<Results<Ok<VersionDetail>, NotFound, ValidationProblem, ProblemHttpResult>> RollbackAsync(
        Guid botId, int number, PublishRequest? request, ClaimsPrincipal user, VersionStore store, FlowChecker checker, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var label = errors.Text("label", request?.Label ?? $"Rollback to version {number}", 100, required: false);
        var notes = errors.Text("releaseNotes", request?.ReleaseNotes, 5000, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.FindAsync(botId, number, ct) is not { } source)
        {
            return TypedResults.NotFound();
        }
        // Reusable flows and prompts it uses may have gone since it was published: it is validated again.
        if (source.Version.Status == VersionStatus.Archived && await checker.ValidateVersionAsync(ContentOf(source), ct) is { Count: > 0 } problems)
        {
            return FlowProblems.Refused(problems);
        }
        var (outcome, published) = await store.RollbackAsync(user.TenantId()!.Value, botId, number, label, notes, user.SubjectId(), ct);
        switch (outcome)
        {
            case VersionStore.Outcome.BotNotFound or VersionStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case VersionStore.Outcome.AlreadyPublished:
                return Problems.Conflict("Already published", $"Version {number} is the published version.");
            case VersionStore.Outcome.NotDraft:
                return Problems.Conflict("Not archived", $"Version {number} is a draft: publish it instead of rolling back to it.");
        }
        await audit.RecordAsync(new AuditEntry("bot.version_rolled_back")
        {
            TargetType = "bot", TargetId = botId.ToString(), Details = new { from = number, published!.Version.Number },
        }, ct);
        return TypedResults.Ok(published);
    }
}
