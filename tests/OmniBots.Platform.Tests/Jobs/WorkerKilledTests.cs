using OmniBots.Fakes;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

/// <summary>A worker process dies mid-job (SIGKILL); the job runs again elsewhere after its lease.</summary>
public sealed class WorkerKilledTests
{
    private const int LeaseSeconds = 2;

    [Fact]
    public async Task Job_WhoseWorkerIsKilledMidRun_RunsExactlyOnceMoreAfterItsLease_AndSucceeds()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(WorkerKilledTests));
        await using (var superuser = await database.OpenSuperuserAsync())
        {
            await using var create = new Npgsql.NpgsqlCommand("""
                CREATE TABLE public.worker_runs (job_id bigint NOT NULL, attempt int NOT NULL, pid int NOT NULL,
                                                 at timestamptz NOT NULL DEFAULT clock_timestamp());
                GRANT SELECT, INSERT ON public.worker_runs TO omnibots_platform;
                """, superuser);
            await create.ExecuteNonQueryAsync();
        }
        var jobId = await database.ScalarAsync<long>(
            "INSERT INTO platform.jobs (kind, max_attempts) VALUES ('test.record-run', 3) RETURNING id");

        await using var first = StartWorker(database, "worker-1");
        await WaitAsync(() => RunCountAsync(database), 1, first, "the first worker starts the job");
        first.KillHard();
        Assert.Equal(JobStates.Running, await StateAsync(database, jobId));

        await using var second = StartWorker(database, "worker-2");
        await Eventually.TrueAsync(async () => await StateAsync(database, jobId) == JobStates.Succeeded,
            TimeSpan.FromSeconds(60), $"the second worker finishes the job. Its output:\n{second.RecentOutput}");
        // Long enough for any wrongful extra run to show up.
        await Task.Delay(TimeSpan.FromSeconds(2 * LeaseSeconds));

        await using var connection = await database.OpenElevatedAsync();
        await using var runs = new Npgsql.NpgsqlCommand("SELECT attempt, pid FROM public.worker_runs ORDER BY at", connection);
        await using var reader = await runs.ExecuteReaderAsync();
        var rows = new List<(int Attempt, int Pid)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }
        Assert.Equal([(1, first.Id), (2, second.Id)], rows);
        Assert.Equal(2, await database.ScalarAsync<int>("SELECT attempts FROM platform.jobs WHERE id = @id", ("id", jobId)));
        Assert.Contains("Lease expired during attempt 1", await database.ScalarAsync<string>(
            "SELECT last_error FROM platform.jobs WHERE id = @id", ("id", jobId)), StringComparison.Ordinal);
    }

    private static ChildProcess StartWorker(TestDatabase database, string name) => TestPrograms.Start("OmniBots.JobWorker",
    [
        .. database.HostSettings.Select(s => $"--{s.Key}={s.Value}"),
        $"--Hosting:InstanceName={name}",
        $"--Jobs:LeaseSeconds={LeaseSeconds}",
        "--Logging:LogLevel:Default=Warning",
    ]);

    private static Task<string?> StateAsync(TestDatabase database, long id)
        => database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", id));

    private static async Task<long> RunCountAsync(TestDatabase database)
        => await database.ScalarAsync<long>("SELECT count(*) FROM public.worker_runs");

    private static Task WaitAsync(Func<Task<long>> count, long expected, ChildProcess process, string because)
        => Eventually.TrueAsync(async () => await count() >= expected, TimeSpan.FromSeconds(60), $"{because}. Its output:\n{process.RecentOutput}");
}
