using System.Text;
using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.WebCrawl;

/// <summary>
/// A web source (KB-3): breadth-first from the start URLs, only within their sites (scheme + host + port), to the
/// source's depth and page limits, as robots.txt allows and at its Crawl-delay (capped). Every sync crawls again: the
/// listing is complete, so a page that is gone (404/410) or no longer linked leaves the index; a page that fails for
/// another reason keeps its document. Bodies are spooled to temporary files and handed over by <see cref="FetchAsync"/>.
/// </summary>
internal sealed class WebCrawlConnector : IKnowledgeConnector
{
    public const int DefaultMaxDepth = 2;
    public const int DefaultMaxPages = 100;
    private readonly SourceSettings _settings;
    private readonly ConnectorOptions _options;
    private readonly TimeProvider _time;
    private readonly FetchSpool _spool = new("omnibots-crawl-");
    private readonly WebFetcher _fetcher;
    private readonly Dictionary<string, RobotsTxt> _robots = [];
    private readonly Dictionary<string, DateTimeOffset> _lastRequest = [];

    public WebCrawlConnector(SourceSettings settings, HttpClient http, ConnectorOptions options, TimeProvider time)
    {
        _settings = settings;
        _options = options;
        _time = time;
        _fetcher = new WebFetcher(http, TimeSpan.FromSeconds(options.RequestTimeoutSeconds), settings.EffectiveMaxFileSize, _spool.Folder);
    }

    private IEnumerable<Uri> Starts => (_settings.StartUrls ?? []).Select(url => WithoutFragment(new Uri(url)));

    public async Task TestAsync(CancellationToken ct)
    {
        foreach (var start in Starts)
        {
            var response = await _fetcher.GetAsync(start, null, next => CanonicalUrl.SameSite(next, start), ct);
            if (response.BodyPath is null)
            {
                throw new ConnectorException($"{start}: {response.Problem ?? $"HTTP {response.Status}"}");
            }
            File.Delete(response.BodyPath);
        }
    }

    public async Task<ChangeSet> ListChangesAsync(SyncState state, CancellationToken ct)
    {
        var starts = (_settings.StartUrls ?? []).Select(url => WithoutFragment(new Uri(url))).ToList();
        var maxDepth = _settings.MaxDepth ?? DefaultMaxDepth;
        var maxPages = _settings.MaxPages ?? DefaultMaxPages;
        bool InSite(Uri url) => starts.Any(start => CanonicalUrl.SameSite(start, url));
        // De-duplicated by canonical address; fetched as linked (a site may insist on its trailing slash).
        var seen = new HashSet<string>(starts.Select(url => CanonicalUrl.Of(url).AbsoluteUri));
        var queue = new Queue<(Uri Url, int Depth)>(starts.Select(url => (url, 0)));
        var listed = new HashSet<string>();
        var files = new List<RemoteFile>();
        var requests = 0;
        while (queue.Count > 0 && requests < maxPages)
        {
            var (url, depth) = queue.Dequeue();
            if (!(await RobotsAsync(url, ct)).Allows(url))
            {
                continue;
            }
            await WaitForCrawlDelayAsync(url, ct);
            requests++;
            var response = await _fetcher.GetAsync(url, null, InSite, ct);
            var id = CanonicalUrl.Of(response.Url).AbsoluteUri;
            if (response.BodyPath is null)
            {
                // Gone pages are not listed (their documents are removed); a page failing otherwise keeps its document.
                if (!response.IsGone && state.KnownVersions.TryGetValue(id, out var known) && listed.Add(id))
                {
                    files.Add(Listed(response.Url, id, known, null, null));
                }
                continue;
            }
            seen.Add(id);
            if (!listed.Add(id))
            {
                File.Delete(response.BodyPath);
                continue; // a redirect to a page already crawled
            }
            _spool.Keep(id, response);
            files.Add(Listed(response.Url, id, response.Version, response.Length, response.ContentType));
            if (depth < maxDepth && response.ContentType is "text/html" or "application/xhtml+xml")
            {
                var html = await File.ReadAllTextAsync(response.BodyPath, Encoding.UTF8, ct);
                foreach (var link in CanonicalUrl.Links(html, response.Url).Select(WithoutFragment))
                {
                    if (InSite(link) && seen.Add(CanonicalUrl.Of(link).AbsoluteUri))
                    {
                        queue.Enqueue((link, depth + 1));
                    }
                }
            }
        }
        return new ChangeSet(files, [], null, IsFullListing: true);
    }

    private static Uri WithoutFragment(Uri url) => new UriBuilder(url) { Fragment = "" }.Uri;

    public Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct) => Task.FromResult(_spool.Open(file, "this crawl"));

    public ValueTask DisposeAsync()
    {
        _spool.Dispose();
        return ValueTask.CompletedTask;
    }

    private static RemoteFile Listed(Uri url, string id, string? version, long? size, string? contentType)
    {
        var name = url.Segments.Length > 1 ? Uri.UnescapeDataString(url.Segments[^1].TrimEnd('/')) : url.Host;
        return new RemoteFile(id, name.Length == 0 ? url.Host : name, url.AbsolutePath, version, size, null, url) { ContentType = contentType };
    }

    private async Task<RobotsTxt> RobotsAsync(Uri url, CancellationToken ct)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (!_robots.TryGetValue(origin, out var robots))
        {
            var response = await _fetcher.GetAsync(new Uri(origin + "/robots.txt"), null, next => CanonicalUrl.SameSite(next, url), ct);
            robots = response.BodyPath is null ? RobotsTxt.AllowAll : RobotsTxt.Parse(await File.ReadAllTextAsync(response.BodyPath, ct));
            if (response.BodyPath is not null)
            {
                File.Delete(response.BodyPath);
            }
            _robots[origin] = robots;
            _lastRequest[origin] = _time.GetUtcNow();
        }
        return robots;
    }

    private async Task WaitForCrawlDelayAsync(Uri url, CancellationToken ct)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (_robots[origin].CrawlDelaySeconds is { } delay && _lastRequest.TryGetValue(origin, out var last))
        {
            var wait = last + TimeSpan.FromSeconds(Math.Min(delay, _options.MaxCrawlDelaySeconds)) - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, ct);
            }
        }
        _lastRequest[origin] = _time.GetUtcNow();
    }
}
