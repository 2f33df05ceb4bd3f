using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

public sealed class JobQueueTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Enqueue_RunsHandlerOnce_AndKeepsJobSucceededWithTimings()
    {
        var job = await fixture.Queue.EnqueueAsync(JobsFixture.ProbeJob(), CancellationToken.None);

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
        Assert.True(job.Created);
        Assert.Single(fixture.Probe.RunsOf(job.Id));
        await using var connection = await fixture.Database.OpenElevatedAsync();
        await using var row = await JobsFixture.ReadJobAsync(connection, job.Id);
        Assert.Equal(1, row.GetInt32(1));
        Assert.False(row.IsDBNull(3));
        Assert.True(row.GetDateTime(4) >= row.GetDateTime(3));
    }

    [Fact]
    public async Task Enqueue_WithSameIdempotencyKey_ReturnsExistingJob()
    {
        var request = JobsFixture.ProbeJob() with { IdempotencyKey = "invoice-42", RunAt = DateTimeOffset.UtcNow.AddHours(1) };

        var first = await fixture.Queue.EnqueueAsync(request, CancellationToken.None);
        var second = await fixture.Queue.EnqueueAsync(request, CancellationToken.None);

        Assert.True(first.Created);
        Assert.Equal(new EnqueuedJob(first.Id, Created: false), second);
    }

    [Fact]
    public async Task Enqueue_WithSameIdempotencyKeyForAnotherTenant_CreatesAnotherJob()
    {
        var request = JobsFixture.ProbeJob() with { IdempotencyKey = "sync", RunAt = DateTimeOffset.UtcNow.AddHours(1) };

        var forA = await fixture.Queue.EnqueueAsync(request with { TenantId = Guid.NewGuid() }, CancellationToken.None);
        var forB = await fixture.Queue.EnqueueAsync(request with { TenantId = Guid.NewGuid() }, CancellationToken.None);

        Assert.True(forB.Created);
        Assert.NotEqual(forA.Id, forB.Id);
    }

    [Fact]
    public async Task Handler_RunsInAScopeSetToTheJobsTenant()
    {
        var tenant = Guid.NewGuid();

        var job = await fixture.Queue.EnqueueAsync(JobsFixture.ProbeJob() with { TenantId = tenant }, CancellationToken.None);

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
        var run = Assert.Single(fixture.Probe.RunsOf(job.Id));
        Assert.Equal(tenant, run.TenantId);
        Assert.Equal(tenant, run.ScopeTenant);
    }

    [Fact]
    public async Task TenantConnection_SeesOnlyItsOwnJobs_AndEnqueuesOnlyForItself()
    {
        var tenant = Guid.NewGuid();
        var later = DateTimeOffset.UtcNow.AddHours(1);
        await fixture.Queue.EnqueueAsync(JobsFixture.ProbeJob() with { TenantId = Guid.NewGuid(), RunAt = later }, CancellationToken.None);
        await fixture.Queue.EnqueueAsync(JobsFixture.ProbeJob() with { RunAt = later }, CancellationToken.None);

        await using var connection = await fixture.Database.OpenAsTenantAsync(tenant);
        var own = await fixture.Queue.EnqueueAsync(connection, JobsFixture.ProbeJob() with { TenantId = tenant, RunAt = later }, CancellationToken.None);
        await using var count = new Npgsql.NpgsqlCommand("SELECT array_agg(id) FROM platform.jobs", connection);
        Assert.Equal(new[] { own.Id }, (long[])(await count.ExecuteScalarAsync())!);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => fixture.Queue.EnqueueAsync(
            connection, JobsFixture.ProbeJob() with { TenantId = Guid.NewGuid() }, CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueInTransaction_ExistsAndRunsOnlyIfCommitted()
    {
        await using var connection = await fixture.Database.OpenElevatedAsync();
        long rolledBackId;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            rolledBackId = (await fixture.Queue.EnqueueAsync(connection, JobsFixture.ProbeJob(), CancellationToken.None)).Id;
            await transaction.RollbackAsync();
        }
        long committedId;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            committedId = (await fixture.Queue.EnqueueAsync(connection, JobsFixture.ProbeJob(), CancellationToken.None)).Id;
            await transaction.CommitAsync();
        }

        await fixture.WaitForStateAsync(committedId, JobStates.Succeeded);
        Assert.Null(await fixture.StateAsync(rolledBackId));
    }

    [Fact]
    public async Task Enqueue_WithRunAtInTheFuture_DoesNotStartBeforeIt()
    {
        var runAt = DateTimeOffset.UtcNow.AddSeconds(1.5);

        var job = await fixture.Queue.EnqueueAsync(JobsFixture.ProbeJob() with { RunAt = runAt }, CancellationToken.None);

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
        Assert.True(Assert.Single(fixture.Probe.RunsOf(job.Id)).StartedAt >= runAt);
    }

    [Fact]
    public async Task Enqueue_OnAnotherConfiguredQueue_RunsThere()
    {
        var job = await fixture.Queue.EnqueueAsync(JobsFixture.ProbeJob() with { Queue = "mail" }, CancellationToken.None);

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
    }

    [Fact]
    public async Task Enqueue_OfUnknownKindOrQueue_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Queue.EnqueueAsync(new JobRequest("nobody.handles"), CancellationToken.None));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Queue.EnqueueAsync(JobsFixture.ProbeJob() with { Queue = "nowhere" }, CancellationToken.None));
        Assert.Contains("Jobs:Queues:nowhere:Concurrency", error.Message, StringComparison.Ordinal);
    }
}
