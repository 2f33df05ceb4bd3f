using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Platform.Events;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Jobs.Enqueue;

namespace OmniBots.Platform.Jobs.Admin;

/// <summary>Query filters of <c>GET /api/v1/admin/jobs</c>.</summary>
internal sealed record JobListQuery(string? State, string? Queue, string? Kind, Guid? TenantId, long? Before, int? Limit);

/// <summary>Platform operators' view of the queue: list, inspect, retry, cancel.</summary>
public static class JobsAdminApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;

    /// <summary>Maps <c>/api/v1/admin/jobs</c>. Returns the group: the composition root puts it behind
    /// <c>PlatformPolicies.PlatformAdmin</c>.</summary>
    public static RouteGroupBuilder MapPlatformJobsAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/admin/jobs").WithTags("Admin: jobs");
        group.MapGet("", ListAsync).WithName("ListJobs").WithSummary("Lists jobs, newest first, filtered by state, queue, kind and tenant.")
            .ProducesValidationProblem();
        group.MapGet("/{id:long}", GetAsync).WithName("GetJob").WithSummary("Gets one job.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/retry", RetryAsync).WithName("RetryJob")
            .WithSummary("Queues a dead, failed or cancelled job to run now, with a full set of attempts.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelJob")
            .WithSummary("Cancels a job that waits to run (queued, or failed awaiting its retry). A running job cannot be cancelled.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<JobPage>, ValidationProblem>> ListAsync(
        [AsParameters] JobListQuery query, AdminJobStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.State is { } state && !JobStates.All.Contains(state))
        {
            errors["state"] = [$"Unknown state '{state}': use one of {string.Join(", ", JobStates.All)}."];
        }
        if (query.Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await store.ListAsync(query, query.Limit ?? DefaultLimit, ct));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetAsync(long id, AdminJobStore store, CancellationToken ct)
        => await store.GetAsync(id, ct) is { } job ? TypedResults.Ok(job) : NotFound(id);

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> RetryAsync(
        long id, AdminJobStore store, IEventBus events, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync($"admin: retry job {id}", ct);
        if (await AdminJobStore.RetryAsync(connection, id, ct) is { } job)
        {
            await events.PublishAsync(connection, JobInserter.WakeChannel, job.Queue, ct);
            return TypedResults.Ok(job);
        }
        return await ConflictOrNotFoundAsync(store, id, "retried: only dead, failed or cancelled jobs can be", ct);
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> CancelAsync(long id, AdminJobStore store, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync($"admin: cancel job {id}", ct);
        return await AdminJobStore.CancelAsync(connection, id, ct) is { } job
            ? TypedResults.Ok(job)
            : await ConflictOrNotFoundAsync(store, id, "cancelled: only queued or failed jobs waiting for a retry can be", ct);
    }

    private static async Task<ProblemHttpResult> ConflictOrNotFoundAsync(AdminJobStore store, long id, string rule, CancellationToken ct)
        => await store.GetAsync(id, ct) is { } job
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The job is not in a state that allows this.",
                detail: $"Job {id} is {job.State} and cannot be {rule}.")
            : NotFound(id);

    private static ProblemHttpResult NotFound(long id)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found.", detail: $"There is no job {id}.");
}
