using System.Net;
using System.Text.Json;
using OmniBots.Fakes.AzureBlob;
using OmniBots.Fakes.MicrosoftGraph;
using OmniBots.Fakes.Web;
using OmniBots.Knowledge.Tests.Sources;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Knowledge.Tests.Connectors;

/// <summary>Sync end to end: the API queues the job, the worker runs the connector against its peer, and the real
/// ingestion and indexing put the files in the knowledge base (and take deleted ones out).</summary>
public sealed class SourceSyncTests(SourceSyncTests.Fixture fixture) : IClassFixture<SourceSyncTests.Fixture>
{
    public sealed class Fixture : SourcesFixture, IAsyncLifetime
    {
        public FakeAzureBlobServer Azure { get; private set; } = null!;
        public FakeWebSite Site { get; private set; } = null!;
        public FakeGraphServer Graph { get; private set; } = null!;

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Knowledge:Sources:AllowPrivateNetworks"] = "true",
            ["Hosting:Roles"] = "web,worker",
        };

        async Task IAsyncLifetime.InitializeAsync()
        {
            Azure = await FakeAzureBlobServer.StartAsync();
            Site = await FakeWebSite.StartAsync();
            Graph = await FakeGraphServer.StartAsync();
            await InitializeAsync();
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await Azure.DisposeAsync();
            await Site.DisposeAsync();
            await Graph.DisposeAsync();
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task New_changed_and_deleted_blobs_are_indexed_reindexed_and_removed()
    {
        var session = await fixture.AdminAsync();
        fixture.Azure.Put("sync", "kb/guide.txt", "The refund policy allows returns within thirty days.");
        fixture.Azure.Put("sync", "kb/other.txt", "Opening hours are nine to five.");
        fixture.Azure.Put("sync", "kb/skip.log", "excluded by the filter");
        var source = (await session.CreateSourceAsync(new
        {
            type = "azure-blob", name = "Container",
            settings = new { container = "sync", rootFolder = "kb/", exclude = new List<string> { "*.log" } },
            credentials = new { connectionString = fixture.Azure.ConnectionString },
        })).GetProperty("id").GetGuid();

        var first = await SyncAsync(session, source);
        await IndexedAsync(source, "kb/guide.txt");
        await IndexedAsync(source, "kb/other.txt");
        var firstSha = await ShaAsync(source, "kb/guide.txt");

        fixture.Azure.Put("sync", "kb/guide.txt", "The refund policy now allows returns within sixty days.");
        fixture.Azure.Delete("sync", "kb/other.txt");
        var second = await SyncAsync(session, source);
        await IndexedAsync(source, "kb/guide.txt");

        Assert.Equal(2, first.GetProperty("lastSyncCounts").GetProperty("added").GetInt32());
        Assert.Equal(1, first.GetProperty("lastSyncCounts").GetProperty("skipped").GetInt32());
        Assert.Null(await ShaAsync(source, "kb/skip.log"));
        Assert.Equal(1, second.GetProperty("lastSyncCounts").GetProperty("updated").GetInt32());
        Assert.Equal(1, second.GetProperty("lastSyncCounts").GetProperty("removed").GetInt32());
        Assert.NotEqual(firstSha, await ShaAsync(source, "kb/guide.txt"));
        var chunks = await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(c.text, ' ') FROM knowledge.chunks c JOIN knowledge.documents d ON d.id = c.document_id WHERE d.source_id = @s AND d.external_id = 'kb/guide.txt'",
            ("s", source));
        Assert.Contains("sixty", chunks, StringComparison.Ordinal);
        Assert.DoesNotContain("thirty", chunks, StringComparison.Ordinal);
        Assert.Null(await ShaAsync(source, "kb/other.txt"));
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.source_items WHERE source_id = @s AND external_id = 'kb/other.txt'", ("s", source)));
    }

    [Fact]
    public async Task A_onedrive_delta_adds_changes_and_removes_deleted_files_and_saves_its_cursor()
    {
        var session = await fixture.AdminAsync();
        var folder = $"F{Guid.NewGuid():N}";
        var kept = fixture.Graph.Put($"{folder}/kept.txt", "Invoices are sent on the first of the month.");
        var dropped = fixture.Graph.Put($"{folder}/dropped.txt", "Parcels are tracked by email.");
        var source = (await session.CreateSourceAsync(new
        {
            type = "onedrive", name = "Drive",
            settings = new
            {
                directoryTenantId = FakeGraphServer.DirectoryTenant, clientId = FakeGraphServer.ClientId, driveId = FakeGraphServer.DriveId,
                rootFolder = folder, graphUrl = fixture.Graph.BaseUrl.ToString(), authorityUrl = fixture.Graph.BaseUrl.ToString(),
            },
            credentials = new { clientSecret = FakeGraphServer.ClientSecret },
        })).GetProperty("id").GetGuid();

        var first = await SyncAsync(session, source);
        await IndexedAsync(source, kept);
        var firstCursor = await fixture.Database.ScalarAsync<string>("SELECT sync_cursor FROM knowledge.sources WHERE id = @s", ("s", source));
        var firstSha = await ShaAsync(source, kept);
        fixture.Graph.Put($"{folder}/kept.txt", "Invoices are now sent on the fifth of the month.");
        fixture.Graph.Delete($"{folder}/dropped.txt");
        var second = await SyncAsync(session, source);
        await IndexedAsync(source, kept);

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(2, first.GetProperty("lastSyncCounts").GetProperty("added").GetInt32());
        Assert.NotNull(firstCursor);
        Assert.Equal(1, second.GetProperty("lastSyncCounts").GetProperty("updated").GetInt32());
        Assert.Equal(1, second.GetProperty("lastSyncCounts").GetProperty("removed").GetInt32());
        Assert.NotEqual(firstSha, await ShaAsync(source, kept));
        Assert.Null(await ShaAsync(source, dropped));
        Assert.NotEqual(firstCursor, await fixture.Database.ScalarAsync<string>("SELECT sync_cursor FROM knowledge.sources WHERE id = @s", ("s", source)));
    }

    [Fact]
    public async Task An_unchanged_listing_fetches_nothing_again()
    {
        var session = await fixture.AdminAsync();
        fixture.Azure.Put("steady", "a.txt", "Steady content about shipping.");
        var source = (await session.CreateSourceAsync(new
        {
            type = "azure-blob", name = "Steady", settings = new { container = "steady" }, credentials = new { connectionString = fixture.Azure.ConnectionString },
        })).GetProperty("id").GetGuid();
        await SyncAsync(session, source);
        var fetchesBefore = fixture.Azure.Requests.Count(r => r.Contains("/steady/a.txt", StringComparison.Ordinal));

        var second = await SyncAsync(session, source);

        Assert.Equal(1, second.GetProperty("lastSyncCounts").GetProperty("unchanged").GetInt32());
        Assert.Equal(fetchesBefore, fixture.Azure.Requests.Count(r => r.Contains("/steady/a.txt", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_crawled_site_is_indexed_and_a_page_that_is_gone_leaves_the_index()
    {
        var session = await fixture.AdminAsync();
        var prefix = $"/s{Guid.NewGuid():N}";
        fixture.Site.Html($"{prefix}/", "Help", $"""<p>Welcome to the help centre.</p><a href="{prefix}/faq">FAQ</a> <a href="{prefix}/old">Old</a>""");
        fixture.Site.Html($"{prefix}/faq", "FAQ", "<p>Passwords can be reset from the sign-in page.</p>");
        fixture.Site.Html($"{prefix}/old", "Old", "<p>An old announcement about the winter sale.</p>");
        var source = (await session.CreateSourceAsync(new
        {
            type = "web", name = "Help site", settings = new { startUrls = new[] { fixture.Site.Url($"{prefix}/").ToString() }, maxDepth = 1 },
        })).GetProperty("id").GetGuid();
        var faq = CanonicalId($"{prefix}/faq");
        var old = CanonicalId($"{prefix}/old");

        await SyncAsync(session, source);
        await IndexedAsync(source, faq);
        await IndexedAsync(source, old);
        fixture.Site.Remove($"{prefix}/old");
        var second = await SyncAsync(session, source);

        Assert.Equal(1, second.GetProperty("lastSyncCounts").GetProperty("removed").GetInt32());
        Assert.Null(await ShaAsync(source, old));
        Assert.NotNull(await ShaAsync(source, faq));
        Assert.Equal(fixture.Site.Url($"{prefix}/faq").ToString(),
            await fixture.Database.ScalarAsync<string>("SELECT url FROM knowledge.documents WHERE source_id = @s AND external_id = @e", ("s", source), ("e", faq)));
    }

    [Fact]
    public async Task Deleting_a_source_removes_its_documents()
    {
        var session = await fixture.AdminAsync();
        fixture.Azure.Put("deleted-source", "a.txt", "Warranty claims need the receipt.");
        var source = (await session.CreateSourceAsync(new
        {
            type = "azure-blob", name = "To delete", settings = new { container = "deleted-source" }, credentials = new { connectionString = fixture.Azure.ConnectionString },
        })).GetProperty("id").GetGuid();
        await SyncAsync(session, source);
        var before = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.documents WHERE source_id = @s", ("s", source));

        Assert.Equal(HttpStatusCode.NoContent, (await session.SendAsync(HttpMethod.Delete, $"{session.Sources}/{source}")).StatusCode);

        Assert.Equal(1, before);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM knowledge.documents WHERE source_id = @s", ("s", source)));
    }

    [Fact]
    public async Task Refused_credentials_fail_the_sync_with_the_peers_error_and_keep_the_documents()
    {
        var session = await fixture.AdminAsync();
        fixture.Azure.Put("refused", "a.txt", "Content that stays indexed.");
        var source = (await session.CreateSourceAsync(new
        {
            type = "azure-blob", name = "Refused", settings = new { container = "refused" }, credentials = new { connectionString = fixture.Azure.ConnectionString },
        })).GetProperty("id").GetGuid();
        await SyncAsync(session, source);
        var wrong = fixture.Azure.ConnectionString.Replace(FakeAzureBlobServer.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        await JsonAsync(await session.SendAsync(HttpMethod.Patch, $"{session.Sources}/{source}", new { credentials = new { connectionString = wrong } }), HttpStatusCode.OK);

        var failed = await SyncAsync(session, source);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("AuthenticationFailed", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.NotNull(await ShaAsync(source, "a.txt"));
    }

    private string CanonicalId(string path) => fixture.Site.Url(path).AbsoluteUri;

    /// <summary>Queues a sync and waits for it to finish; returns the source as the API shows it.</summary>
    private static async Task<JsonElement> SyncAsync(TenantSession session, Guid source)
    {
        var path = $"{session.Sources}/{source}";
        var before = (await JsonAsync(await session.SendAsync(HttpMethod.Get, path), HttpStatusCode.OK)).GetProperty("lastSyncFinishedAt").ToString();
        await JsonAsync(await session.SendAsync(HttpMethod.Post, $"{path}/sync"), HttpStatusCode.Accepted);
        JsonElement view = default;
        await Eventually.TrueAsync(async () =>
        {
            view = await JsonAsync(await session.SendAsync(HttpMethod.Get, path), HttpStatusCode.OK);
            return view.GetProperty("lastSyncFinishedAt").ToString() != before && view.GetProperty("status").GetString() is "succeeded" or "failed";
        }, Timeout, "the sync finishes");
        return view;
    }

    /// <summary>The synced file went through ingestion and the core indexing job: its document is searchable.</summary>
    private async Task IndexedAsync(Guid source, string externalId)
    {
        try
        {
            await Eventually.TrueAsync(async () =>
                await fixture.Database.ScalarAsync<string>("SELECT status FROM knowledge.documents WHERE source_id = @s AND external_id = @e",
                    ("s", source), ("e", externalId)) == "indexed", Timeout, $"{externalId} is indexed");
        }
        catch (TimeoutException)
        {
            var state = await fixture.Database.ScalarAsync<string>(
                "SELECT status || ': ' || coalesce(error, '') FROM knowledge.documents WHERE source_id = @s AND external_id = @e",
                ("s", source), ("e", externalId)) ?? "no document";
            throw new Xunit.Sdk.XunitException($"{externalId} was not indexed: {state}");
        }
    }

    private Task<string?> ShaAsync(Guid source, string externalId)
        => fixture.Database.ScalarAsync<string>("SELECT sha256 FROM knowledge.documents WHERE source_id = @s AND external_id = @e", ("s", source), ("e", externalId));
}
