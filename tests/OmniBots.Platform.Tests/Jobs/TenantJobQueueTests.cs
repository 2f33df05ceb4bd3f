using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

/// <summary>IJobQueue enqueues only for the scope's tenant; crossing tenants takes IPlatformJobQueue and a reason.</summary>
public sealed class TenantJobQueueTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static JobRequest Later() => JobsFixture.ProbeJob() with { RunAt = DateTimeOffset.UtcNow.AddHours(1) };

    private Task<long> JobsOfTenantAsync(Guid tenant)
        => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM platform.jobs WHERE tenant_id = @t", ("t", tenant));

    [Fact]
    public async Task Enqueue_WithoutATenant_RunsAsTheScopesTenant()
    {
        var tenant = Guid.NewGuid();

        var job = await fixture.EnqueueForTenantAsync(tenant, JobsFixture.ProbeJob());

        await fixture.WaitForStateAsync(job.Id, JobStates.Succeeded);
        var run = Assert.Single(fixture.Probe.RunsOf(job.Id));
        Assert.Equal(tenant, run.TenantId);
        Assert.Equal(tenant, run.ScopeTenant);
    }

    [Fact]
    public async Task Enqueue_ForAnotherTenant_IsRefused_AndInsertsNothing()
    {
        var tenantA = Guid.NewGuid();
        var tenantB = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => fixture.EnqueueForTenantAsync(tenantA, Later() with { TenantId = tenantB }));

        Assert.Contains("IPlatformJobQueue", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await JobsOfTenantAsync(tenantB));
        Assert.Equal(0, await JobsOfTenantAsync(tenantA));
    }

    [Fact]
    public async Task EnqueueOnAConnection_ForAnotherTenant_IsRefused()
    {
        var tenantA = Guid.NewGuid();
        var tenantB = Guid.NewGuid();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantA);
        // Even on an elevated connection: the tenant is the scope's, not the caller's say-so.
        await using var elevated = await fixture.Database.OpenElevatedAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IJobQueue>()
            .EnqueueAsync(elevated, Later() with { TenantId = tenantB }, CancellationToken.None));
        var own = await scope.ServiceProvider.GetRequiredService<IJobQueue>().EnqueueAsync(elevated, Later(), CancellationToken.None);

        Assert.Equal(0, await JobsOfTenantAsync(tenantB));
        Assert.Equal(tenantA, await fixture.Database.ScalarAsync<Guid>("SELECT tenant_id FROM platform.jobs WHERE id = @id", ("id", own.Id)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enqueue_InAScopeWithoutATenant_IsRefused(bool requestNamesATenant)
    {
        var tenant = Guid.NewGuid();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<IJobQueue>();

        var error = await Assert.ThrowsAsync<TenantRequiredException>(
            () => queue.EnqueueAsync(Later() with { TenantId = requestNamesATenant ? tenant : null }, CancellationToken.None));

        Assert.Contains("IPlatformJobQueue", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await JobsOfTenantAsync(tenant));
    }

    [Fact]
    public async Task Enqueue_InsertsAsTheRuntimeRole_ConfinedToTheScopesTenant()
    {
        await RecordInsertingRoleAsync();
        var tenant = Guid.NewGuid();

        var job = await fixture.EnqueueForTenantAsync(tenant, Later());

        await using var connection = await fixture.Database.OpenSuperuserAsync();
        await using var command = new NpgsqlCommand("SELECT inserted_by, tenant_setting FROM public.job_inserts WHERE job_id = @id", connection);
        command.Parameters.AddWithValue("id", job.Id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Database.PlatformRoles.Runtime, reader.GetString(0));
        Assert.Equal(tenant.ToString(), reader.GetString(1));
    }

    [Fact]
    public async Task PlatformQueue_EnqueuesForAnyTenantOrNone_AndLogsTheReason()
    {
        var tenant = Guid.NewGuid();
        var queue = fixture.Host.Services.GetRequiredService<IPlatformJobQueue>();

        var forTenant = await queue.EnqueueAsync(Later() with { TenantId = tenant }, "fan-out of test.probe", CancellationToken.None);
        var platform = await queue.EnqueueAsync(Later(), "platform housekeeping", CancellationToken.None);

        Assert.Equal(1, await JobsOfTenantAsync(tenant));
        Assert.Null(await fixture.Database.ScalarAsync<Guid?>("SELECT tenant_id FROM platform.jobs WHERE id = @id", ("id", platform.Id)));
        Assert.Contains(fixture.Logs.Containing("fan-out of test.probe"), r => r.Message.Contains($"job {forTenant.Id} ", StringComparison.Ordinal));
        Assert.Single(fixture.Logs.Containing("platform housekeeping"));
    }

    [Fact]
    public void JobQueue_IsScoped_AndThePlatformQueueASingleton()
    {
        Assert.Throws<InvalidOperationException>(() => fixture.Host.Services.GetRequiredService<IJobQueue>());
        Assert.Same(fixture.Host.Services.GetRequiredService<IPlatformJobQueue>(), fixture.Host.Services.GetRequiredService<IPlatformJobQueue>());
    }

    // Records which role, with which tenant setting, inserted each job.
    private Task RecordInsertingRoleAsync() => fixture.Database.ExecuteAsync($"""
        CREATE TABLE IF NOT EXISTS public.job_inserts (job_id bigint NOT NULL, inserted_by text NOT NULL, tenant_setting text);
        GRANT INSERT ON public.job_inserts TO {Database.PlatformRoles.Runtime}, {Database.PlatformRoles.Elevated};
        CREATE OR REPLACE FUNCTION public.record_job_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO public.job_inserts VALUES (NEW.id, current_user, current_setting('app.tenant_id', true));
            RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER record_job_insert AFTER INSERT ON platform.jobs FOR EACH ROW EXECUTE FUNCTION public.record_job_insert();
        """);
}
