using OmniBots.Platform.Tenancy;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.JobWorker;

/// <summary>Records each run in <c>public.worker_runs</c> (which the test creates); the first
/// attempt then never finishes, so the test can kill the process while the job runs.</summary>
internal sealed class RecordRunHandler(TenantDatabase database) : IJobHandler
{
    public const string Kind = "test.record-run";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("fault test: record the run", ct);
        await using var command = new Npgsql.NpgsqlCommand(
            "INSERT INTO public.worker_runs (job_id, attempt, pid) VALUES (@job, @attempt, @pid)", connection);
        command.Parameters.AddWithValue("job", job.Id);
        command.Parameters.AddWithValue("attempt", job.Attempt);
        command.Parameters.AddWithValue("pid", Environment.ProcessId);
        await command.ExecuteNonQueryAsync(ct);
        if (job.Attempt == 1)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
    }
}
