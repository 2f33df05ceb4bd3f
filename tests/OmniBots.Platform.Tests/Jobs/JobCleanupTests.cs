using OmniBots.Platform.Jobs.Contracts;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

public sealed class JobCleanupTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Cleanup_DeletesFinishedJobsPastRetention_AndKeepsTheRest()
    {
        await fixture.Database.ExecuteAsync("""
            INSERT INTO platform.jobs (kind, state, finished_at, idempotency_key, run_at) VALUES
                ('test.probe', 'succeeded', now() - interval '30 days', 'old-succeeded', now()),
                ('test.probe', 'dead',      now() - interval '30 days', 'old-dead', now()),
                ('test.probe', 'succeeded', now() - interval '1 hour',  'recent-succeeded', now()),
                ('test.probe', 'queued',    NULL,                       'old-waiting', now() + interval '1 day')
            """);

        var cleanup = await fixture.EnqueueAsync(new JobRequest("platform.jobs.cleanup"));

        await fixture.WaitForStateAsync(cleanup.Id, JobStates.Succeeded);
        var left = await fixture.Database.ScalarAsync<string[]>(
            "SELECT array_agg(idempotency_key ORDER BY idempotency_key) FROM platform.jobs WHERE idempotency_key NOT LIKE 'cron:%'");
        Assert.Equal(["old-waiting", "recent-succeeded"], left!);
    }
}
