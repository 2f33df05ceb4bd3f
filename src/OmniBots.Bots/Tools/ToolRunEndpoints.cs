using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;

namespace OmniBots.Bots.Tools;

internal sealed record ToolAnalytics(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ToolStats> Tools);

/// <summary>The test panel (<c>POST /tools/{code}/test</c>, tools.write: it makes the call) and the analytics (TOOL-2, tools.read).</summary>
internal static class ToolRunEndpoints
{
    public static void MapToolRuns(this RouteGroupBuilder tools)
    {
        tools.MapPost("/{code}/test", TestAsync).RequirePermission(Permissions.Tools.Write).WithName("TestTool")
            .WithSummary("Runs the tool with the given arguments: the rendered request (secrets masked), status, raw response and mapped result.");
        tools.MapGet("/analytics", AnalyticsAsync).WithName("ToolAnalytics").WithSummary("Per tool: calls, errors, error rate, p50/p95 latency.");
        tools.MapGet("/{code}/executions", async Task<Ok<IReadOnlyList<ToolExecutionRecord>>> (string code, int? limit, ToolExecutions executions, CancellationToken ct)
            => TypedResults.Ok(await executions.RecentAsync(code, Math.Clamp(limit ?? 50, 1, 500), ct))).WithName("ListToolExecutions");
    }

    private static async Task<Results<Ok<ToolTestResult>, NotFound>> TestAsync(string code, ToolTestRequest? request, ToolRunner runner, CancellationToken ct)
        => await runner.RunAsync(code, request?.Arguments ?? [], "test", null, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();

    private static async Task<Results<Ok<ToolAnalytics>, ValidationProblem>> AnalyticsAsync(
        DateTimeOffset? from, DateTimeOffset? to, ToolExecutions executions, TimeProvider time, CancellationToken ct)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (start >= end)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["Must be before 'to'."] });
        }
        return TypedResults.Ok(new ToolAnalytics(start, end, await executions.StatsAsync(start, end, ct)));
    }
}
