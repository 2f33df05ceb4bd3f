using OmniBots.Fakes.Web;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Sources;
using OmniBots.Knowledge.Tests.Connectors;
using OmniBots.Knowledge.WebCrawl;
using Xunit;

namespace OmniBots.Knowledge.Tests.WebCrawl;

public sealed class WebCrawlConnectorTests : IAsyncLifetime
{
    private FakeWebSite _site = null!;
    private FakeWebSite _other = null!;

    public async Task InitializeAsync()
    {
        _site = await FakeWebSite.StartAsync();
        _other = await FakeWebSite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _other.DisposeAsync();
    }

    private WebCrawlConnector Crawler(int? depth = null, int? pages = null, bool allowPrivate = true, string start = "/")
        => new(new SourceSettings { StartUrls = [_site.Url(start).ToString()], MaxDepth = depth, MaxPages = pages },
            ConnectorTestKit.Http(allowPrivate), ConnectorTestKit.Options(allowPrivate), TimeProvider.System);

    private static IEnumerable<string> Paths(ChangeSet changes) => changes.Changed.Select(f => new Uri(f.ExternalId).AbsolutePath).Order(StringComparer.Ordinal);

    [Fact]
    public async Task Follows_links_within_the_site_to_the_depth_limit_and_reads_only_html_pdf_and_text()
    {
        _site.Html("/", "Home", $"""<a href="/a">A</a> <a href='b.txt'>B</a> <a href="{_other.Url("/x")}">elsewhere</a> <a href="/logo.png">logo</a> <a href="/doc.pdf">pdf</a>""");
        _site.Html("/a", "A", """<a href="/a/deeper">deeper</a>""");
        _site.Html("/a/deeper", "Deeper", """<a href="/too-deep">too deep</a>""");
        _site.Html("/too-deep", "Too deep", "");
        _site.Set("/b.txt", "text/plain", "plain text");
        _site.Set("/doc.pdf", "application/pdf", "%PDF-1.4 fake");
        _site.Set("/logo.png", "image/png", "png");
        _other.Html("/x", "Other", "");
        await using var crawler = Crawler(depth: 2);

        var changes = await crawler.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.Equal(["/", "/a", "/a/deeper", "/b.txt", "/doc.pdf"], Paths(changes));
        Assert.Empty(_other.Requests);
        Assert.DoesNotContain("/too-deep", _site.Requests);
        var text = changes.Changed.Single(f => f.ExternalId.EndsWith("/b.txt", StringComparison.Ordinal));
        Assert.Equal("plain text", await ConnectorTestKit.ReadAsync(crawler, text));
    }

    [Fact]
    public async Task Respects_robots_txt_and_the_page_limit()
    {
        _site.RobotsTxt = "User-agent: *\nDisallow: /private\nAllow: /private/open\n";
        _site.Html("/", "Home", """<a href="/private/secret">s</a> <a href="/private/open">o</a> <a href="/p1">1</a> <a href="/p2">2</a> <a href="/p3">3</a>""");
        foreach (var path in new[] { "/private/secret", "/private/open", "/p1", "/p2", "/p3" })
        {
            _site.Html(path, path, "");
        }
        await using var crawler = Crawler(pages: 3);

        var changes = await crawler.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.DoesNotContain("/private/secret", _site.Requests);
        Assert.Equal(3, changes.Changed.Count);
        Assert.Contains("/private/open", Paths(changes));
    }

    [Fact]
    public async Task Crawl_delay_spaces_requests_and_is_capped_by_the_setting()
    {
        // Asks for 30 s; the test options cap it at 1 s. Three pages after robots.txt: at least two waits.
        _site.RobotsTxt = "User-agent: *\nCrawl-delay: 30\n";
        _site.Html("/", "Home", """<a href="/one">1</a> <a href="/two">2</a>""");
        _site.Html("/one", "One", "");
        _site.Html("/two", "Two", "");
        await using var crawler = Crawler();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var changes = await crawler.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.Equal(3, changes.Changed.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task One_page_however_it_is_linked_and_redirects_within_the_site_are_followed()
    {
        _site.Html("/", "Home", """<a href="/guide">1</a> <a href="/guide/">2</a> <a href="/guide#part">3</a> <a href="/old">old</a>""");
        _site.Html("/guide", "Guide", "");
        _site.Redirect("/old", "/new");
        _site.Html("/new", "New", "");

        await using var crawler = Crawler();
        var changes = await crawler.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        Assert.Equal(["/", "/guide", "/new"], Paths(changes));
        Assert.Single(_site.Requests, path => path.StartsWith("/guide", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_that_is_gone_is_not_listed_so_its_document_is_removed()
    {
        _site.Html("/", "Home", """<a href="/keep">k</a> <a href="/gone">g</a>""");
        _site.Html("/keep", "Keep", "");
        _site.Html("/gone", "Gone", "");
        await using var first = Crawler();
        var before = await first.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        _site.Remove("/gone", gone: true);
        await using var second = Crawler();
        var after = await second.ListChangesAsync(ConnectorTestKit.Knowing(before), CancellationToken.None);

        Assert.Contains("/gone", Paths(before));
        Assert.Equal(["/", "/keep"], Paths(after));
        Assert.Equal(before.Changed.Single(f => f.ExternalId.EndsWith("/keep", StringComparison.Ordinal)).Version,
            after.Changed.Single(f => f.ExternalId.EndsWith("/keep", StringComparison.Ordinal)).Version);
    }

    [Fact]
    public async Task Loopback_sites_are_refused_unless_private_networks_are_allowed()
    {
        _site.Html("/", "Home", "");
        await using var crawler = Crawler(allowPrivate: false);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => crawler.TestAsync(CancellationToken.None));

        Assert.Contains("private or loopback", error.Message, StringComparison.Ordinal);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task File_urls_are_fetched_conditionally_and_removed_when_gone()
    {
        _site.Set("/files/a.txt", "text/plain", "A");
        _site.Set("/files/b.txt", "text/plain", "B");
        var settings = new SourceSettings { Urls = [_site.Url("/files/a.txt").ToString(), _site.Url("/files/b.txt").ToString()] };
        await using var first = new FileUrlConnector(settings, ConnectorTestKit.Http(), ConnectorTestKit.Options());
        var before = await first.ListChangesAsync(ConnectorTestKit.Empty, CancellationToken.None);

        _site.Remove("/files/b.txt", gone: true);
        await using var second = new FileUrlConnector(settings, ConnectorTestKit.Http(), ConnectorTestKit.Options());
        var after = await second.ListChangesAsync(ConnectorTestKit.Knowing(before), CancellationToken.None);

        Assert.Equal(2, before.Changed.Count);
        var a = Assert.Single(after.Changed);
        Assert.EndsWith("/files/a.txt", a.ExternalId, StringComparison.Ordinal);
        Assert.Equal(before.Changed[0].Version, a.Version);
        await Assert.ThrowsAsync<ConnectorException>(() => second.FetchAsync(a, CancellationToken.None)); // 304: nothing to fetch
    }
}
