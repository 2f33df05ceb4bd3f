using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows.Validation;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Bots.Prompts;

/// <summary><c>/api/v1/prompts</c> (SPEC PROMPT-1): the managed prompt library. LLM Response nodes reference a prompt by
/// key and version (or "latest"); versions are append-only so a published flow's reference never changes meaning.</summary>
internal static partial class PromptsEndpoints
{
    private const int MaxText = 20_000;

    [GeneratedRegex("^[a-z][a-z0-9_.-]{1,62}$")]
    private static partial Regex KeyPattern();

    public static void MapPrompts(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/prompts").WithTags("Prompts").RequirePermission(Permissions.Bots.Read);
        group.MapGet("", async (PromptStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct))).WithName("ListPrompts");
        group.MapGet("/{id:guid}", async Task<Results<Ok<PromptView>, NotFound>> (Guid id, PromptStore store, CancellationToken ct)
            => await store.FindAsync(id, ct) is { } prompt ? TypedResults.Ok(prompt) : TypedResults.NotFound()).WithName("GetPrompt");
        group.MapGet("/{id:guid}/versions", async Task<Results<Ok<IReadOnlyList<PromptVersionView>>, NotFound>> (Guid id, PromptStore store, CancellationToken ct)
            => await store.VersionsAsync(id, ct) is { } versions ? TypedResults.Ok(versions) : TypedResults.NotFound()).WithName("ListPromptVersions");
        group.MapGet("/{id:guid}/versions/{version:int}", async Task<Results<Ok<PromptVersionView>, NotFound>> (Guid id, int version, PromptStore store, CancellationToken ct)
            => await store.VersionAsync(id, version, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound()).WithName("GetPromptVersion");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Bots.Write).WithName("CreatePrompt").WithSummary("Creates a prompt with its version 1.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequirePermission(Permissions.Bots.Write).WithName("UpdatePrompt")
            .WithSummary("Renames or re-describes a prompt (its key never changes).");
        group.MapPost("/{id:guid}/versions", AddVersionAsync).RequirePermission(Permissions.Bots.Write).WithName("AddPromptVersion")
            .WithSummary("Adds the next version of a prompt.");
    }

    private static (string Text, ModelHints Hints, string Notes) CheckVersion(string? text, ModelHints? hints, string? notes, FieldErrors errors)
    {
        var body = text ?? "";
        if (body.Trim().Length == 0 || body.Length > MaxText)
        {
            errors.Add("text", $"A prompt text of 1 to {MaxText} characters is required.");
        }
        else if (Syntax.TemplateError(body) is { } error)
        {
            errors.Add("text", error);
        }
        hints ??= new ModelHints(null, null, null);
        if (hints.Model is { Length: > 100 })
        {
            errors.Add("modelHints.model", "At most 100 characters.");
        }
        if (hints.Temperature is < 0 or > 2)
        {
            errors.Add("modelHints.temperature", "Between 0 and 2.");
        }
        if (hints.MaxTokens is < 1 or > 32_768)
        {
            errors.Add("modelHints.maxTokens", "Between 1 and 32768.");
        }
        return (body, hints, errors.Text("notes", notes, 2000, required: false));
    }

    private static async Task<Results<Created<PromptView>, ValidationProblem>> CreateAsync(
        CreatePromptRequest request, ClaimsPrincipal user, PromptStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var key = request.Key?.Trim() ?? "";
        if (!KeyPattern().IsMatch(key))
        {
            errors.Add("key", "2 to 63 lower-case letters, digits, '_', '.' and '-', starting with a letter.");
        }
        var name = errors.Text("name", request.Name, 100, required: true);
        var description = errors.Text("description", request.Description, 1000, required: false);
        var (text, hints, notes) = CheckVersion(request.Text, request.ModelHints, request.Notes, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.CreateAsync(user.TenantId()!.Value, user.SubjectId(), key, name, description, text, hints, notes, ct) is not { } prompt)
        {
            errors.Add("key", $"A prompt with key '{key}' exists.");
            return TypedResults.ValidationProblem(errors.All);
        }
        await audit.RecordAsync(new AuditEntry("prompt.created") { TargetType = "prompt", TargetId = prompt.Prompt.Id.ToString(), Details = new { key } }, ct);
        return TypedResults.Created($"/api/v1/prompts/{prompt.Prompt.Id}", prompt);
    }

    private static async Task<Results<Ok<PromptView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, UpdatePromptRequest request, PromptStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = request.Name is null ? null : errors.Text("name", request.Name, 100, required: true);
        var description = request.Description is null ? null : errors.Text("description", request.Description, 1000, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.UpdateAsync(id, name, description, ct) is not { } prompt)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("prompt.updated") { TargetType = "prompt", TargetId = id.ToString() }, ct);
        return TypedResults.Ok(prompt);
    }

    private static async Task<Results<Created<PromptVersionView>, NotFound, ValidationProblem>> AddVersionAsync(
        Guid id, PromptVersionRequest request, ClaimsPrincipal user, PromptStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (text, hints, notes) = CheckVersion(request.Text, request.ModelHints, request.Notes, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.AddVersionAsync(user.TenantId()!.Value, id, user.SubjectId(), text, hints, notes, ct) is not { } version)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("prompt.version_added") { TargetType = "prompt", TargetId = id.ToString(), Details = new { version.Version } }, ct);
        return TypedResults.Created($"/api/v1/prompts/{id}/versions/{version.Version}", version);
    }
}
