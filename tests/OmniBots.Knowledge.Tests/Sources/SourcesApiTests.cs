using System.Net;
using OmniBots.Knowledge.Sources;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Knowledge.Tests.Sources;

public sealed class SourcesApiTests(SourcesFixture fixture) : IClassFixture<SourcesFixture>
{
    private static object S3Source(string name = "Bucket") => new
    {
        type = "s3",
        name,
        settings = new { bucket = "docs", rootFolder = "kb/", include = new[] { "*.pdf" }, endpointUrl = "http://127.0.0.1:9/" },
        credentials = new { accessKeyId = "AKIAEXAMPLE", secretAccessKey = "very-secret-key-value" },
        syncIntervalMinutes = 60,
    };

    [Fact]
    public async Task Create_reports_every_problem_at_once()
    {
        var session = await fixture.AdminAsync();

        var problem = await ProblemAsync(await session.SendAsync(HttpMethod.Post, session.Sources, new
        {
            type = "s3", name = "", syncIntervalMinutes = 5,
            settings = new { endpointUrl = "ftp://x", maxFileSizeBytes = 0 },
        }), HttpStatusCode.BadRequest);

        Assert.Equal(["credentials", "name", "settings.bucket", "settings.endpointUrl", "settings.maxFileSizeBytes", "syncIntervalMinutes"],
            ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_refuses_an_unknown_type_and_web_sources_without_start_urls()
    {
        var session = await fixture.AdminAsync();

        var unknown = await ProblemAsync(await session.SendAsync(HttpMethod.Post, session.Sources, new { type = "dropbox", name = "x" }), HttpStatusCode.BadRequest);
        var web = await ProblemAsync(await session.SendAsync(HttpMethod.Post, session.Sources,
            new { type = "web", name = "x", settings = new { startUrls = new List<string> { "not a url" }, maxDepth = 99 } }), HttpStatusCode.BadRequest);

        Assert.Equal(["type"], ErrorFields(unknown));
        Assert.Equal(["settings.maxDepth", "settings.startUrls"], ErrorFields(web).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Credentials_are_write_only_and_stored_encrypted()
    {
        var session = await fixture.AdminAsync();

        var created = await session.CreateSourceAsync(S3Source());
        var id = created.GetProperty("id").GetGuid();
        var fetched = await JsonAsync(await session.SendAsync(HttpMethod.Get, $"{session.Sources}/{id}"), HttpStatusCode.OK);
        var listed = await JsonAsync(await session.SendAsync(HttpMethod.Get, session.Sources), HttpStatusCode.OK);
        var stored = await fixture.Database.ScalarAsync<string>("SELECT credentials FROM knowledge.sources WHERE id = @id", ("id", id));

        foreach (var body in new[] { created, fetched, listed })
        {
            Assert.DoesNotContain("very-secret-key-value", body.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("AKIAEXAMPLE", body.GetRawText(), StringComparison.Ordinal);
        }
        Assert.True(fetched.GetProperty("hasCredentials").GetBoolean());
        Assert.False(fetched.TryGetProperty("credentials", out _));
        Assert.Equal("kb/", fetched.GetProperty("settings").GetProperty("rootFolder").GetString());
        Assert.Equal(60, fetched.GetProperty("syncIntervalMinutes").GetInt32());
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain("very-secret-key-value", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLE", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_keeps_stored_credentials_changes_the_schedule_and_is_audited()
    {
        var session = await fixture.AdminAsync();
        var id = (await session.CreateSourceAsync(S3Source())).GetProperty("id").GetGuid();
        var before = await fixture.Database.ScalarAsync<string>("SELECT credentials FROM knowledge.sources WHERE id = @id", ("id", id));

        var updated = await JsonAsync(await session.SendAsync(HttpMethod.Patch, $"{session.Sources}/{id}", new { name = "Renamed", syncIntervalMinutes = 1440, enabled = false }), HttpStatusCode.OK);
        var tooOften = await ProblemAsync(await session.SendAsync(HttpMethod.Patch, $"{session.Sources}/{id}", new { syncIntervalMinutes = 14 }), HttpStatusCode.BadRequest);

        Assert.Equal("Renamed", updated.GetProperty("name").GetString());
        Assert.Equal(1440, updated.GetProperty("syncIntervalMinutes").GetInt32());
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Equal(before, await fixture.Database.ScalarAsync<string>("SELECT credentials FROM knowledge.sources WHERE id = @id", ("id", id)));
        Assert.Equal(["syncIntervalMinutes"], ErrorFields(tooOften));
        Assert.Equal(["knowledge.source.created", "knowledge.source.updated"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task New_settings_reset_the_sync_cursor_and_other_changes_keep_it()
    {
        var session = await fixture.AdminAsync();
        var id = (await session.CreateSourceAsync(S3Source())).GetProperty("id").GetGuid();
        await fixture.Database.ExecuteAsync("UPDATE knowledge.sources SET sync_cursor = 'cursor-1' WHERE id = @id", ("id", id));

        await JsonAsync(await session.SendAsync(HttpMethod.Patch, $"{session.Sources}/{id}", new { name = "Same place" }), HttpStatusCode.OK);
        var kept = await fixture.Database.ScalarAsync<string>("SELECT sync_cursor FROM knowledge.sources WHERE id = @id", ("id", id));
        await JsonAsync(await session.SendAsync(HttpMethod.Patch, $"{session.Sources}/{id}", new { settings = new { bucket = "other" } }), HttpStatusCode.OK);

        Assert.Equal("cursor-1", kept);
        Assert.Null(await fixture.Database.ScalarAsync<string>("SELECT sync_cursor FROM knowledge.sources WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task Delete_removes_the_source_and_is_audited()
    {
        var session = await fixture.AdminAsync();
        var id = (await session.CreateSourceAsync(S3Source())).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await session.SendAsync(HttpMethod.Delete, $"{session.Sources}/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await session.SendAsync(HttpMethod.Get, $"{session.Sources}/{id}")).StatusCode);
        Assert.Contains("knowledge.source.deleted", await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Another_tenant_cannot_see_or_change_a_source()
    {
        var owner = await fixture.AdminAsync();
        var other = await fixture.AdminAsync();
        var id = (await owner.CreateSourceAsync(S3Source())).GetProperty("id").GetGuid();
        var path = $"{owner.Sources}/{id}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Patch, path, new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Post, $"{path}/sync")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, owner.Sources)).StatusCode);
        Assert.Empty((await JsonAsync(await other.SendAsync(HttpMethod.Get, other.Sources), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("Bucket", (await JsonAsync(await owner.SendAsync(HttpMethod.Get, path), HttpStatusCode.OK)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_viewer_may_read_sources_but_not_change_them()
    {
        var viewer = await fixture.AdminAsync("viewer");

        Assert.Equal(HttpStatusCode.OK, (await viewer.SendAsync(HttpMethod.Get, viewer.Sources)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SendAsync(HttpMethod.Post, viewer.Sources, S3Source())).StatusCode);
    }

    [Fact]
    public async Task The_connection_test_returns_the_peers_error()
    {
        var session = await fixture.AdminAsync();
        var id = (await session.CreateSourceAsync(new
        {
            type = SourceTypes.FileUrl, name = "Closed port", settings = new { urls = new List<string> { "http://127.0.0.1:9/file.txt" } },
        })).GetProperty("id").GetGuid();

        var result = await JsonAsync(await session.SendAsync(HttpMethod.Post, $"{session.Sources}/{id}/test"), HttpStatusCode.OK);

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("127.0.0.1:9", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_now_queues_a_job_for_the_source()
    {
        var session = await fixture.AdminAsync();
        var id = (await session.CreateSourceAsync(S3Source())).GetProperty("id").GetGuid();

        var queued = await JsonAsync(await session.SendAsync(HttpMethod.Post, $"{session.Sources}/{id}/sync"), HttpStatusCode.Accepted);

        var payload = await fixture.Database.ScalarAsync<string>("SELECT payload::text FROM platform.jobs WHERE id = @id AND kind = 'knowledge.source-sync'",
            ("id", queued.GetProperty("jobId").GetInt64()));
        Assert.Contains(id.ToString(), payload, StringComparison.Ordinal);
    }

    private async Task<List<string>> AuditActionsAsync(Guid id)
    {
        await using var connection = await fixture.Database.OpenElevatedAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT action FROM platform.audit_log WHERE target_id = @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        var actions = new List<string>();
        while (await reader.ReadAsync())
        {
            actions.Add(reader.GetString(0));
        }
        return actions;
    }
}
