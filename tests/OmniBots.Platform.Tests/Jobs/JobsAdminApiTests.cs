using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniBots.Platform.Jobs.Contracts;
using Xunit;

namespace OmniBots.Platform.Tests.Jobs;

public sealed class JobsAdminApiTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private readonly HttpClient _client = fixture.Host.CreateClientForPlatformAdmin();

    private Task<long> InsertAsync(string state, string kind = JobProbe.Kind, string queue = "default", Guid? tenant = null)
        => fixture.Database.ScalarAsync<long>(
            "INSERT INTO platform.jobs (kind, queue, state, tenant_id, payload, run_at, attempts, locked_by, lease_until) " +
            "VALUES (@kind, @queue, @state, @tenant, '{\"mode\":\"ok\"}', now() + interval '1 hour', " +
            "CASE WHEN @state IN ('dead', 'running') THEN 1 ELSE 0 END, 'someone', CASE WHEN @state = 'running' THEN now() + interval '1 hour' END) RETURNING id",
            ("kind", kind), ("queue", queue), ("state", state), ("tenant", (object?)tenant ?? DBNull.Value));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task List_FiltersByStateQueueKindAndTenant_AndPagesNewestFirst()
    {
        var tenant = Guid.NewGuid();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await InsertAsync("cancelled", queue: "mail", tenant: tenant));
        }
        await InsertAsync("cancelled", queue: "mail");
        await InsertAsync("queued", queue: "mail", tenant: tenant);

        var page1 = await JsonAsync(await _client.GetAsync(new Uri($"/api/v1/admin/jobs?state=cancelled&queue=mail&kind=test.probe&tenantId={tenant}&limit=2", UriKind.Relative)), HttpStatusCode.OK);
        var next = page1.GetProperty("nextBefore").GetInt64();
        var page2 = await JsonAsync(await _client.GetAsync(new Uri($"/api/v1/admin/jobs?state=cancelled&queue=mail&tenantId={tenant}&limit=2&before={next}", UriKind.Relative)), HttpStatusCode.OK);

        Assert.Equal([ids[2], ids[1]], page1.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetInt64()));
        Assert.Equal([ids[0]], page2.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextBefore").ValueKind);
    }

    [Fact]
    public async Task List_WithUnknownState_ReturnsValidationProblem()
    {
        var problem = await JsonAsync(await _client.GetAsync(new Uri("/api/v1/admin/jobs?state=sleeping", UriKind.Relative)), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("state", out _));
    }

    [Fact]
    public async Task Get_ReturnsTheJob_AndUnknownIdIsANotFoundProblem()
    {
        var id = await InsertAsync("cancelled");

        var job = await JsonAsync(await _client.GetAsync(new Uri($"/api/v1/admin/jobs/{id}", UriKind.Relative)), HttpStatusCode.OK);
        var missing = await _client.GetAsync(new Uri("/api/v1/admin/jobs/987654321", UriKind.Relative));

        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.Equal("ok", job.GetProperty("payload").GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Retry_OfADeadJob_QueuesItNow_AndItRuns()
    {
        var id = await InsertAsync("dead");

        var job = await JsonAsync(await _client.PostAsync(new Uri($"/api/v1/admin/jobs/{id}/retry", UriKind.Relative), null), HttpStatusCode.OK);

        Assert.Equal("queued", job.GetProperty("state").GetString());
        await fixture.WaitForStateAsync(id, JobStates.Succeeded);
    }

    [Fact]
    public async Task Retry_OfASucceededJob_IsAConflictProblem()
    {
        var id = await InsertAsync("succeeded");

        var response = await _client.PostAsync(new Uri($"/api/v1/admin/jobs/{id}/retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_OfAQueuedJob_CancelsIt()
    {
        var id = await InsertAsync("queued");

        var job = await JsonAsync(await _client.PostAsync(new Uri($"/api/v1/admin/jobs/{id}/cancel", UriKind.Relative), null), HttpStatusCode.OK);

        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.Equal(JobStates.Cancelled, await fixture.StateAsync(id));
    }

    [Fact]
    public async Task Cancel_OfARunningJob_IsAConflictProblem_AndLeavesItRunning()
    {
        var id = await InsertAsync("running");

        var problem = await JsonAsync(await _client.PostAsync(new Uri($"/api/v1/admin/jobs/{id}/cancel", UriKind.Relative), null), HttpStatusCode.Conflict);

        Assert.Contains("running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JobStates.Running, await fixture.StateAsync(id));
    }

    [Fact]
    public async Task Anonymous_IsRefusedWithAProblem()
    {
        var response = await fixture.Host.CreateClient().GetAsync(new Uri("/api/v1/admin/jobs", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ATenantUser_IsForbidden()
    {
        var response = await fixture.Host.CreateClientForTenant(Guid.NewGuid()).GetAsync(new Uri("/api/v1/admin/jobs", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
