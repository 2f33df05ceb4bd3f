using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OmniBots.Bots.Common;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Bots.Tools;

/// <summary>
/// <c>/api/v1/tools</c> (SPEC TOOL-1): the tenant's tools with their parameter schema and HTTP action, the system tools
/// (read-only), the templates library and the network setting. tools.read / tools.write; allowing private networks is
/// a tenant setting (settings.write).
/// </summary>
internal static class ToolsEndpoints
{
    public static RouteGroupBuilder MapTools(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tools").WithTags("Tools").RequirePermission(Permissions.Tools.Read);
        group.MapGet("", async (ToolStore store, CancellationToken ct) => TypedResults.Ok<IReadOnlyList<ToolView>>([.. SystemTools.All, .. await store.ListAsync(ct)]))
            .WithName("ListTools").WithSummary("The system tools and the tenant's tools.");
        group.MapGet("/templates", () => TypedResults.Ok(ToolTemplates.All)).WithName("ListToolTemplates");
        group.MapGet("/settings", SettingsAsync).WithName("GetToolSettings");
        group.MapPut("/settings", PutSettingsAsync).RequirePermission(Permissions.Settings.Write).WithName("PutToolSettings");
        group.MapGet("/{code}", async Task<Results<Ok<ToolView>, NotFound>> (string code, ToolStore store, CancellationToken ct)
            => await store.FindAsync(code, ct) is { } tool ? TypedResults.Ok(tool) : TypedResults.NotFound()).WithName("GetTool");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Tools.Write).WithName("CreateTool");
        group.MapPost("/from-template/{key}", FromTemplateAsync).RequirePermission(Permissions.Tools.Write).WithName("CreateToolFromTemplate");
        group.MapPut("/{code}", ReplaceAsync).RequirePermission(Permissions.Tools.Write).WithName("ReplaceTool");
        group.MapDelete("/{code}", DeleteAsync).RequirePermission(Permissions.Tools.Write).WithName("DeleteTool");
        return group;
    }

    private static async Task<Results<Created<ToolView>, ValidationProblem>> CreateAsync(
        ToolInput request, ClaimsPrincipal user, ToolStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var tool = ToolValidation.Check(request, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.CreateAsync(user.TenantId()!.Value, tool, ct) is not { } created)
        {
            errors.Add("code", $"A tool with code '{tool.Code}' exists.");
            return TypedResults.ValidationProblem(errors.All);
        }
        await audit.RecordAsync(new AuditEntry("tool.created") { TargetType = "tool", TargetId = tool.Code }, ct);
        return TypedResults.Created($"/api/v1/tools/{tool.Code}", created);
    }

    private static async Task<Results<Created<ToolView>, NotFound, ValidationProblem>> FromTemplateAsync(
        string key, FromTemplateRequest? request, ClaimsPrincipal user, ToolStore store, IAuditLog audit, CancellationToken ct)
    {
        if (ToolTemplates.Find(key) is not { } template)
        {
            return TypedResults.NotFound();
        }
        var input = template.Tool with
        {
            Code = request?.Code ?? template.Tool.Code,
            Name = request?.Name ?? template.Tool.Name,
            Parameters = (JsonObject?)template.Tool.Parameters?.DeepClone(),
        };
        return await CreateAsync(input, user, store, audit, ct) switch
        {
            { Result: Created<ToolView> created } => created,
            { Result: ValidationProblem problem } => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
    }

    private static async Task<Results<Ok<ToolView>, NotFound, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        string code, ToolInput request, ToolStore store, IAuditLog audit, CancellationToken ct)
    {
        if (SystemTools.Find(code) is not null)
        {
            return Problems.Conflict("System tool", $"'{code}' is a system tool: it cannot be changed.");
        }
        var errors = new FieldErrors();
        if (request.Code is { } given && given != code)
        {
            errors.Add("code", "The code of a tool never changes (create a new tool instead).");
        }
        var tool = ToolValidation.Check(request with { Code = code }, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.ReplaceAsync(tool, ct) is not { } saved)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("tool.updated") { TargetType = "tool", TargetId = code }, ct);
        return TypedResults.Ok(saved);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(string code, ToolStore store, IAuditLog audit, CancellationToken ct)
    {
        if (SystemTools.Find(code) is not null)
        {
            return Problems.Conflict("System tool", $"'{code}' is a system tool: it cannot be deleted.");
        }
        if (!await store.DeleteAsync(code, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("tool.deleted") { TargetType = "tool", TargetId = code }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ToolSettingsView>> SettingsAsync(ToolStore store, IOptions<ToolOptions> options, CancellationToken ct)
        => TypedResults.Ok(new ToolSettingsView(await store.AllowsPrivateNetworksAsync(ct), options.Value.AllowPrivateNetworks));

    private static async Task<Results<Ok<ToolSettingsView>, ValidationProblem>> PutSettingsAsync(
        ToolSettingsRequest request, ClaimsPrincipal user, ToolStore store, IOptions<ToolOptions> options, IAuditLog audit, CancellationToken ct)
    {
        if (request.AllowPrivateNetworks is not { } allow)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["allowPrivateNetworks"] = ["Required: true or false."] });
        }
        await store.SetAllowPrivateNetworksAsync(user.TenantId()!.Value, user.SubjectId(), allow, ct);
        await audit.RecordAsync(new AuditEntry("tool.settings_changed") { TargetType = "tool_settings", Details = new { allowPrivateNetworks = allow } }, ct);
        return TypedResults.Ok(new ToolSettingsView(allow, options.Value.AllowPrivateNetworks));
    }
}
