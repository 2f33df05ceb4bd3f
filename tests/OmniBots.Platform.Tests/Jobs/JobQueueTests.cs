using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

public sealed class JobQueueTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Enqueue_RunsHandlerOnce_AndKeepsJobSucceededWithTimings()
    {
        var job = await fixture.EnqueueAsync(JobsFixture.ProbeJob());

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

        var first = await fixture.EnqueueAsync(request);
        var second = await fixture.EnqueueAsync(request);

        Assert.True(first.Created);
        Assert.Equal(new EnqueuedJob(first.Id, Created: false), second);
    }

    [Fact]
    public async Task Enqueue_WithSameIdempotencyKeyForAnotherTenant_CreatesAnotherJob()
    {
        var request = JobsFixture.ProbeJob() with { IdempotencyKey = "sync", RunAt = DateTimeOffset.UtcNow.AddHours(1) };

        var forA = await fixture.EnqueueForTenantAsync(Guid.NewGuid(), request);
        var forB = await fixture.EnqueueForTenantAsync(Guid.NewGuid(), request);

        Assert.True(forB.Created);
        Assert.NotEqual(forA.Id, forB.Id);
    }

    [Fact]
    public async Task TenantConnection_SeesOnlyItsOwnJobs_AndRefusesOtherTenantsJobsEvenFromThePlatformQueue()
    {
        var tenant = Guid.NewGuid();
        var later = DateTimeOffset.UtcNow.AddHours(1);
        await fixture.EnqueueForTenantAsync(Guid.NewGuid(), JobsFixture.ProbeJob() with { RunAt = later });
        await fixture.EnqueueAsync(JobsFixture.ProbeJob() with { RunAt = later });

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
        await using var connection = await scope.ServiceProvider.GetRequiredService<TenantDatabase>().OpenAsync(CancellationToken.None);
        var own = await scope.ServiceProvider.GetRequiredService<IJobQueue>().EnqueueAsync(
            connection, JobsFixture.ProbeJob() with { RunAt = later }, CancellationToken.None);
        await using var count = new Npgsql.NpgsqlCommand("SELECT array_agg(id) FROM platform.jobs", connection);
        Assert.Equal(new[] { own.Id }, (long[])(await count.ExecuteScalarAsync())!);
        // Row-level security holds even where the application would let a request through.
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => fixture.PlatformQueue.EnqueueAsync(
            connection, JobsFixture.ProbeJob() with { TenantId = Guid.NewGuid() }, "test", CancellationToken.None));
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task EnqueueInTransaction_ExistsAndRunsOnlyIfCommitted()
    {
        await using var connection = await fixture.Database.OpenElevatedAsync();
        long rolledBackId;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            rolledBackId = (await fixture.PlatformQueue.EnqueueAsync(connection, JobsFixture.ProbeJob(), "test", CancellationToken.None)).Id;
            await transaction.RollbackAsync();
        }
        long committedId;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            committedId = (await fixture.PlatformQueue.EnqueueAsync(connection, JobsFixture.ProbeJob(), "test", CancellationToken.None)).Id;
            await transaction.CommitAsync();
        }

        await fixture.WaitForStateAsync(committedId, JobStates.Succeeded);
        Assert.Null(await fixture.StateAsync(rolledBackId));
    }

    [Fact]
    public async Task Enqueue_WithRunAtInTheFuture_DoesNotStartBeforeIt()
    {
        var runAt = DateTimeOffset.UtcNow.AddSeconds(1.5);

        var job = await fixture.EnqueueAsync(JobsFixture.ProbeJob() with { RunAt = runAt });

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
        Assert.True(Assert.Single(fixture.Probe.RunsOf(job.Id)).StartedAt >= runAt);
    }

    [Fact]
    public async Task Enqueue_OnAnotherConfiguredQueue_RunsThere()
    {
        var job = await fixture.EnqueueAsync(JobsFixture.ProbeJob() with { Queue = "mail" });

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
    }

    [Fact]
    public async Task Enqueue_OfUnknownKindOrQueue_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.EnqueueAsync(new JobRequest("nobody.handles")));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.EnqueueAsync(JobsFixture.ProbeJob() with { Queue = "nowhere" }));
        Assert.Contains("Jobs:Queues:nowhere:Concurrency", error.Message, StringComparison.Ordinal);
    }
}
