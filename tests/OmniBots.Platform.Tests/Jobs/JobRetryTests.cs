using OmniBots.Platform.Jobs.Contracts;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

public sealed class JobRetryTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Retry_AfterFailure_RunsAgainWithBackoff()
    {
        var job = await fixture.EnqueueAsync(JobsFixture.ProbeJob("fail-first"));

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
        var runs = fixture.Probe.RunsOf(job.Id);
        Assert.Equal([1, 2], runs.Select(r => r.Attempt));
        // Base 0.4 s with equal jitter: the first retry waits at least 0.2 s.
        Assert.True(runs[1].StartedAt - runs[0].StartedAt >= TimeSpan.FromSeconds(0.2));
        Assert.Contains("first attempt fails on purpose", await fixture.Database.ScalarAsync<string>(
            "SELECT last_error FROM platform.jobs WHERE id = @id", ("id", job.Id)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_FailingEveryAttempt_GoesDeadWithLastErrorKept()
    {
        var job = await fixture.EnqueueAsync(JobsFixture.ProbeJob("fail") with { MaxAttempts = 3 });

        await fixture.WaitForStateAsync(job.Id, JobStates.Dead, seconds: 20);
        Assert.Equal([1, 2, 3], fixture.Probe.RunsOf(job.Id).Select(r => r.Attempt));
        Assert.Contains("attempt 3 fails on purpose", await fixture.Database.ScalarAsync<string>(
            "SELECT last_error FROM platform.jobs WHERE id = @id", ("id", job.Id)), StringComparison.Ordinal);
        Assert.NotNull(await fixture.Database.ScalarAsync<DateTime?>("SELECT finished_at FROM platform.jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task ExpiredLease_IsReaped_AndTheJobRunsAgain()
    {
        // As if a worker claimed it and died: running, lease long gone, first attempt used.
        var id = await fixture.Database.ScalarAsync<long>("""
            INSERT INTO platform.jobs (kind, payload, state, attempts, started_at, lease_until, locked_by)
            VALUES ('test.probe', '{"mode":"ok"}', 'running', 1, now() - interval '1 minute', now() - interval '10 seconds', 'dead-worker')
            RETURNING id
            """);

        await fixture.WaitForStateAsync(id, JobStates.Succeeded, seconds: 30);
        Assert.Equal(2, Assert.Single(fixture.Probe.RunsOf(id)).Attempt);
    }
}
