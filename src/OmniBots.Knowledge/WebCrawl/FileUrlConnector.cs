using OmniBots.Knowledge.Connectors;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.WebCrawl;

/// <summary>
/// A "file-url" source: each listed URL is one document, fetched again on the schedule with If-None-Match /
/// If-Modified-Since, so an unchanged file costs a 304. A URL answering 404/410 or taken off the list leaves the index;
/// any other failure keeps the document until the next sync.
/// </summary>
internal sealed class FileUrlConnector : IKnowledgeConnector
{
    private readonly SourceSettings _settings;
    private readonly FetchSpool _spool = new("omnibots-files-");
    private readonly WebFetcher _fetcher;

    public FileUrlConnector(SourceSettings settings, HttpClient http, ConnectorOptions options)
    {
        _settings = settings;
        _fetcher = new WebFetcher(http, TimeSpan.FromSeconds(options.RequestTimeoutSeconds), settings.EffectiveMaxFileSize, _spool.Folder);
    }

    private IEnumerable<Uri> Urls => (_settings.Urls ?? []).Select(url => CanonicalUrl.Of(new Uri(url))).DistinctBy(url => url.AbsoluteUri);

    public async Task TestAsync(CancellationToken ct)
    {
        foreach (var url in Urls)
        {
            var response = await _fetcher.GetAsync(url, null, _ => true, ct);
            if (response.BodyPath is null)
            {
                throw new ConnectorException($"{url}: {response.Problem ?? $"HTTP {response.Status}"}");
            }
            File.Delete(response.BodyPath);
        }
    }

    public async Task<ChangeSet> ListChangesAsync(SyncState state, CancellationToken ct)
    {
        var files = new List<RemoteFile>();
        foreach (var url in Urls)
        {
            var id = url.AbsoluteUri;
            var known = state.KnownVersions.GetValueOrDefault(id);
            var response = await _fetcher.GetAsync(url, known, _ => true, ct);
            if (response.IsGone)
            {
                continue;
            }
            if (response.BodyPath is not null)
            {
                _spool.Keep(id, response);
            }
            // 304 or a passing failure: listed with the known version, so the document stays as it is.
            var version = response.BodyPath is null ? known : response.Version;
            if (response.BodyPath is not null || known is not null)
            {
                var name = Uri.UnescapeDataString(url.Segments[^1]);
                files.Add(new RemoteFile(id, name.Length == 0 || name == "/" ? url.Host : name, url.AbsolutePath, version, response.Length, null, url)
                {
                    ContentType = response.ContentType,
                });
            }
        }
        return new ChangeSet(files, [], null, IsFullListing: true);
    }

    public Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct) => Task.FromResult(_spool.Open(file, "this sync"));

    public ValueTask DisposeAsync()
    {
        _spool.Dispose();
        return ValueTask.CompletedTask;
    }
}
