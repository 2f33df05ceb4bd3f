using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Jobs.Running;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

/// <summary>The worker's loops (claim, lease keeping, completion) outlive errors nobody expected;
/// the faults are planted in the database, where the loops read them.</summary>
public sealed class WorkerFaultTests
{
    private static async Task<(OmniBotsHostFactory Host, TestDatabase Database, JobProbe Probe, RecordedLogs Logs)> StartAsync(
        string test, params (string Key, string Value)[] settings)
    {
        var database = await TestCluster.CreateDatabaseAsync(test);
        var probe = new JobProbe();
        var logs = new RecordedLogs();
        var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "worker",
            Extra = settings.ToDictionary(s => s.Key, s => (string?)s.Value),
            Services = services =>
            {
                services.AddSingleton(probe);
                services.AddJobHandler<ProbeHandler>(JobProbe.Kind);
                logs.AddTo(services);
            },
        });
        await host.StartAsync();
        return (host, database, probe, logs);
    }

    private static Task<EnqueuedJob> EnqueueAsync(OmniBotsHostFactory host, JobRequest request)
        => host.Services.GetRequiredService<IPlatformJobQueue>().EnqueueAsync(request, "test", CancellationToken.None);

    private static Task WaitForStateAsync(TestDatabase database, long id, string state, int seconds = 15)
        => Eventually.TrueAsync(async () => await database.ScalarAsync<string>("SELECT state FROM platform.jobs WHERE id = @id", ("id", id)) == state,
            TimeSpan.FromSeconds(seconds), $"job {id} is {state}");

    [Fact]
    public async Task ClaimLoop_AfterAnUnexpectedError_KeepsServingItsQueue()
    {
        // A long lease: the poisoned claim's jobs stay stranded for the whole test instead of coming back.
        var (host, database, _, logs) = await StartAsync(nameof(ClaimLoop_AfterAnUnexpectedError_KeepsServingItsQueue),
            ("Jobs:LeaseSeconds", "120"), ("Jobs:PollIntervalSeconds", "0.3"));
        await using var _ = host;
        // A row the claim cannot read (a NULL kind) makes it throw InvalidCastException, not a database error.
        var poison = await database.ScalarAsync<long>("""
            ALTER TABLE platform.jobs ALTER COLUMN kind DROP NOT NULL;
            INSERT INTO platform.jobs (kind) VALUES (NULL) RETURNING id;
            """);
        await WaitForStateAsync(database, poison, JobStates.Running);

        var job = await EnqueueAsync(host, JobsFixture.ProbeJob());

        await WaitForStateAsync(database, job.Id, JobStates.Succeeded);
        Assert.Contains(logs.All, r => r.Message.Contains("Claiming jobs of queue default failed", StringComparison.Ordinal) && r.Exception is InvalidCastException);
    }

    [Fact]
    public async Task LeaseKeeper_AfterAnUnexpectedError_KeepsRenewingLeases()
    {
        var (host, database, probe, logs) = await StartAsync(nameof(LeaseKeeper_AfterAnUnexpectedError_KeepsRenewingLeases), ("Jobs:LeaseSeconds", "2"));
        await using var _ = host;
        var job = await EnqueueAsync(host, JobsFixture.ProbeJob("block"));
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(probe.RunsOf(job.Id).Count > 0), TimeSpan.FromSeconds(10), "the job starts");
            // An expired lease the reaper cannot read back (a NULL queue): InvalidCastException.
            var poison = await database.ScalarAsync<long>("""
                ALTER TABLE platform.jobs ALTER COLUMN queue DROP NOT NULL;
                INSERT INTO platform.jobs (kind, queue, state, attempts, lease_until, locked_by)
                VALUES ('test.probe', NULL, 'running', 1, now() - interval '1 minute', 'gone') RETURNING id;
                """);
            // The reap commits, then fails reading the row back.
            await WaitForStateAsync(database, poison, JobStates.Queued, 10);

            // Two leases later the running job's lease is still renewed.
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.True(await database.ScalarAsync<bool>("SELECT lease_until > now() FROM platform.jobs WHERE id = @id", ("id", job.Id)),
                "the lease of the running job was not renewed");
        }
        finally
        {
            probe.Gate.TrySetResult();
        }
        await WaitForStateAsync(database, job.Id, JobStates.Succeeded);
        Assert.Equal(1, await database.ScalarAsync<int>("SELECT attempts FROM platform.jobs WHERE id = @id", ("id", job.Id)));
        Assert.Contains(logs.All, r => r.Message.Contains("Reaping expired job leases failed", StringComparison.Ordinal) && r.Exception is InvalidCastException);
    }

    [Fact]
    public async Task CompletionWriter_AfterAnUnexpectedError_KeepsWritingOutcomes()
    {
        var (host, database, _, logs) = await StartAsync(nameof(CompletionWriter_AfterAnUnexpectedError_KeepsWritingOutcomes),
            ("Jobs:RetryBaseSeconds", "0.2"), ("Jobs:PollIntervalSeconds", "0.5"));
        await using var _ = host;
        var writer = host.Services.GetRequiredService<CompletionWriter>();
        var wake = writer.RetriesScheduled;
        var failed = 0;
        writer.RetriesScheduled = queues =>
        {
            if (Interlocked.Exchange(ref failed, 1) == 0)
            {
                throw new InvalidOperationException("waking the queues fails once");
            }
            wake?.Invoke(queues);
        };

        var job = await EnqueueAsync(host, JobsFixture.ProbeJob("fail-first"));

        await WaitForStateAsync(database, job.Id, JobStates.Succeeded);
        Assert.Equal(2, await database.ScalarAsync<int>("SELECT attempts FROM platform.jobs WHERE id = @id", ("id", job.Id)));
        Assert.Contains(logs.All, r => r.Exception?.Message == "waking the queues fails once");
    }

    [Theory]
    [InlineData("fail-undescribable", "UndescribableException")]
    [InlineData("fail-nul", "a message with a NUL  character")]
    public async Task AJobErrorThatCannotBeStoredAsIs_IsStoredAsWellAsPossible_AndOthersCarryOn(string mode, string stored)
    {
        var (host, database, _, _) = await StartAsync($"{nameof(AJobErrorThatCannotBeStoredAsIs_IsStoredAsWellAsPossible_AndOthersCarryOn)}{mode}");
        await using var _ = host;

        var failing = await EnqueueAsync(host, JobsFixture.ProbeJob(mode) with { MaxAttempts = 1 });
        await WaitForStateAsync(database, failing.Id, JobStates.Dead);
        var next = await EnqueueAsync(host, JobsFixture.ProbeJob());

        await WaitForStateAsync(database, next.Id, JobStates.Succeeded);
        Assert.Contains(stored, await database.ScalarAsync<string>("SELECT last_error FROM platform.jobs WHERE id = @id", ("id", failing.Id)),
            StringComparison.Ordinal);
    }
}
