using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Bots.Common;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Bots.Deployments;

/// <summary><c>/api/v1/bots/{botId}/deployments</c> (SPEC BOT-1, CHAN-1): widget deployments with their public key and allowed origins.</summary>
internal static class DeploymentsEndpoints
{
    public static void MapDeployments(this RouteGroupBuilder bots)
    {
        var group = bots.MapGroup("/{botId:guid}/deployments").WithTags("Bot deployments");
        group.MapGet("", async Task<Results<Ok<IReadOnlyList<DeploymentView>>, NotFound>> (Guid botId, DeploymentStore store, CancellationToken ct)
            => await store.ListAsync(botId, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound()).WithName("ListDeployments");
        group.MapGet("/{id:guid}", async Task<Results<Ok<DeploymentView>, NotFound>> (Guid botId, Guid id, DeploymentStore store, CancellationToken ct)
            => await store.FindAsync(botId, id, ct) is { } deployment ? TypedResults.Ok(deployment) : TypedResults.NotFound()).WithName("GetDeployment");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Bots.Write).WithName("CreateDeployment")
            .WithSummary("Creates a widget deployment with a new deployment key.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequirePermission(Permissions.Bots.Write).WithName("UpdateDeployment");
        group.MapPost("/{id:guid}/rotate-key", RotateAsync).RequirePermission(Permissions.Bots.Write).WithName("RotateDeploymentKey")
            .WithSummary("Replaces the deployment key; pages with the old key stop connecting.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Bots.Write).WithName("DeleteDeployment");
    }

    private static string[]? CheckOrigins(string[]? requested, FieldErrors errors)
    {
        if (requested is null)
        {
            return null;
        }
        if (requested.Length > Origins.MaxOrigins)
        {
            errors.Add("allowedOrigins", $"At most {Origins.MaxOrigins} origins.");
        }
        var origins = new List<string>();
        foreach (var value in requested)
        {
            var (origin, error) = Origins.Normalize(value);
            if (error is not null)
            {
                errors.Add("allowedOrigins", error);
            }
            else if (!origins.Contains(origin!, StringComparer.Ordinal))
            {
                origins.Add(origin!);
            }
        }
        return [.. origins];
    }

    private static async Task<Results<Created<DeploymentView>, NotFound, ValidationProblem>> CreateAsync(
        Guid botId, DeploymentRequest request, ClaimsPrincipal user, DeploymentStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", request.Name ?? "Website", 100, required: true);
        var origins = CheckOrigins(request.AllowedOrigins ?? [], errors)!;
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        var deployment = await store.CreateAsync(user.TenantId()!.Value, botId, name, origins, request.AllowAnyOrigin ?? false, request.Enabled ?? true, ct);
        if (deployment is null)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("bot.deployment_created")
        {
            TargetType = "bot_deployment", TargetId = deployment.Id.ToString(), Details = new { botId, origins, request.AllowAnyOrigin },
        }, ct);
        return TypedResults.Created($"/api/v1/bots/{botId}/deployments/{deployment.Id}", deployment);
    }

    private static async Task<Results<Ok<DeploymentView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid botId, Guid id, DeploymentRequest request, DeploymentStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = request.Name is null ? null : errors.Text("name", request.Name, 100, required: true);
        var origins = CheckOrigins(request.AllowedOrigins, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        if (await store.UpdateAsync(botId, id, name, origins, request.AllowAnyOrigin, request.Enabled, ct) is not { } deployment)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("bot.deployment_updated") { TargetType = "bot_deployment", TargetId = id.ToString(), Details = request }, ct);
        return TypedResults.Ok(deployment);
    }

    private static async Task<Results<Ok<DeploymentView>, NotFound>> RotateAsync(Guid botId, Guid id, DeploymentStore store, IAuditLog audit, CancellationToken ct)
    {
        if (await store.RotateKeyAsync(botId, id, ct) is not { } deployment)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("bot.deployment_key_rotated") { TargetType = "bot_deployment", TargetId = id.ToString() }, ct);
        return TypedResults.Ok(deployment);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid botId, Guid id, DeploymentStore store, IAuditLog audit, CancellationToken ct)
    {
        if (!await store.DeleteAsync(botId, id, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("bot.deployment_deleted") { TargetType = "bot_deployment", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }
}
