using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Database;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Platform.Jobs.Cleanup;

/// <summary>Deletes finished jobs (succeeded, dead, cancelled) older than <c>Jobs:RetentionHours</c>.
/// A platform job, run hourly by the scheduler; deletes in slices so it never holds long locks.</summary>
internal sealed class JobCleanupHandler(
    PlatformDatabase database,
    IOptions<JobsOptions> options,
    ILogger<JobCleanupHandler> logger) : IJobHandler
{
    public const string Kind = "platform.jobs.cleanup";
    private const int Slice = 5_000;

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        // Finished by the database's clock, so measured by it.
        var retention = TimeSpan.FromHours(options.Value.RetentionHours);
        var total = 0;
        while (true)
        {
            await using var command = database.Elevated.CreateCommand("""
                DELETE FROM platform.jobs WHERE id IN (
                    SELECT id FROM platform.jobs
                    WHERE state IN ('succeeded', 'dead', 'cancelled') AND finished_at < now() - @retention
                    LIMIT @slice)
                """);
            command.Parameters.AddWithValue("retention", retention);
            command.Parameters.AddWithValue("slice", Slice);
            var deleted = await command.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < Slice)
            {
                break;
            }
        }
        logger.LogInformation("Job cleanup deleted {Count} finished job(s) older than {Retention}", total, retention);
    }
}
