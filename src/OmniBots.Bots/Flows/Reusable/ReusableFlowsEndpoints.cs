using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows.Catalogue;
using OmniBots.Bots.Flows.Validation;
using OmniBots.Bots.Versions;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Bots.Flows.Reusable;

/// <summary><c>/api/v1/flows</c>: the tenant's reusable flows (BOT-3) and the node-type catalogue the canvas draws from.</summary>
internal static class ReusableFlowsEndpoints
{
    private const int MaxNodes = 1000;

    public static void MapReusableFlows(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/flows").WithTags("Flows").RequirePermission(Permissions.Flows.Read);
        group.MapGet("/node-types", () => TypedResults.Ok(NodeCatalogue.All)).WithName("ListNodeTypes")
            .WithSummary("Every node type: settings schema, outputs and their semantics (docs/nodes.md).");
        group.MapGet("", async (ReusableFlowStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct))).WithName("ListFlows");
        group.MapGet("/{id:guid}", async Task<Results<Ok<ReusableFlowView>, NotFound>> (Guid id, HttpContext http, ReusableFlowStore store, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } flow)
            {
                return TypedResults.NotFound();
            }
            http.Response.Headers.ETag = flow.ETag;
            return TypedResults.Ok(flow);
        }).WithName("GetFlow");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Flows.Write).WithName("CreateFlow");
        group.MapPut("/{id:guid}", UpdateAsync).RequirePermission(Permissions.Flows.Write).WithName("UpdateFlow")
            .WithSummary("Saves a reusable flow. Requires If-Match with its ETag; never validates.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Flows.Write).WithName("DeleteFlow")
            .WithSummary("Deletes a reusable flow that no draft or published version targets.");
        group.MapPost("/{id:guid}/validate", async Task<Results<Ok<ValidationResult>, NotFound>> (Guid id, ReusableFlowStore store, FlowChecker checker, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } flow)
            {
                return TypedResults.NotFound();
            }
            var graph = FlowJson.Deserialize<FlowGraph>(flow.Graph.GetRawText()) ?? FlowGraph.Empty;
            var problems = await checker.ValidateReusableAsync(graph, ct);
            return TypedResults.Ok(new ValidationResult(problems.Count == 0, problems));
        }).WithName("ValidateFlow");
    }

    private static string? CheckGraph(FlowGraph? graph, FieldErrors errors)
    {
        if (graph is null)
        {
            return null;
        }
        if (graph.Nodes is { Count: > MaxNodes })
        {
            errors.Add("graph", $"At most {MaxNodes} nodes.");
        }
        return FlowJson.Serialize(graph with { Nodes = graph.Nodes ?? [], Edges = graph.Edges ?? [] });
    }

    private static async Task<Results<Created<ReusableFlowView>, ValidationProblem>> CreateAsync(
        ReusableFlowRequest request, ClaimsPrincipal user, ReusableFlowStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", request.Name, 100, required: true);
        var description = errors.Text("description", request.Description, 1000, required: false);
        var graph = CheckGraph(request.Graph, errors) ?? FlowJson.Serialize(VersionContent.Starter.PrimaryFlow);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        var flow = await store.CreateAsync(user.TenantId()!.Value, user.SubjectId(), name, description, graph, ct);
        await audit.RecordAsync(new AuditEntry("flow.created") { TargetType = "flow", TargetId = flow.Id.ToString(), Details = new { name } }, ct);
        return TypedResults.Created($"/api/v1/flows/{flow.Id}", flow);
    }

    private static async Task<Results<Ok<ReusableFlowView>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ReusableFlowRequest request, HttpContext http, ReusableFlowStore store, IAuditLog audit, CancellationToken ct)
    {
        if (Revisions.FromIfMatch(http) is not { } revision)
        {
            return Problems.PreconditionRequired();
        }
        var errors = new FieldErrors();
        var name = request.Name is null ? null : errors.Text("name", request.Name, 100, required: true);
        var description = request.Description is null ? null : errors.Text("description", request.Description, 1000, required: false);
        var graph = CheckGraph(request.Graph, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        var (outcome, flow) = await store.UpdateAsync(id, revision, name, description, graph, ct);
        switch (outcome)
        {
            case ReusableFlowStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case ReusableFlowStore.Outcome.Conflict:
                http.Response.Headers.ETag = flow!.ETag;
                return Problems.PreconditionFailed($"The flow changed since you loaded it (now {flow.ETag}): reload it and apply your changes again.");
        }
        await audit.RecordAsync(new AuditEntry("flow.updated") { TargetType = "flow", TargetId = id.ToString() }, ct);
        http.Response.Headers.ETag = flow!.ETag;
        return TypedResults.Ok(flow);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, ReusableFlowStore store, IAuditLog audit, CancellationToken ct)
    {
        switch (await store.DeleteAsync(id, ct))
        {
            case ReusableFlowStore.Outcome.NotFound:
                return TypedResults.NotFound();
            case ReusableFlowStore.Outcome.InUse:
                return Problems.Conflict("Flow in use", "A bot's draft or published version goes to this flow: remove those Go to flow nodes first.");
        }
        await audit.RecordAsync(new AuditEntry("flow.deleted") { TargetType = "flow", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }
}
