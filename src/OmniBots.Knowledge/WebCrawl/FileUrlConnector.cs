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
    private readonly string _spool = Directory.CreateTempSubdirectory("omnibots-files-").FullName;
    private readonly WebFetcher _fetcher;
    private readonly Dictionary<string, WebResponse> _fetched = [];

    public FileUrlConnector(SourceSettings settings, HttpClient http, ConnectorOptions options)
    {
        _settings = settings;
        _fetcher = new WebFetcher(http, TimeSpan.FromSeconds(options.RequestTimeoutSeconds), settings.EffectiveMaxFileSize, _spool);
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
                _fetched[id] = response;
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

    public Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct)
    {
        if (!_fetched.TryGetValue(file.ExternalId, out var response) || response.BodyPath is null)
        {
            throw new ConnectorException($"{file.ExternalId} was not fetched in this sync.");
        }
        Stream content = new FileStream(response.BodyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return Task.FromResult(new FetchedFile(content, response.ContentType, response.Version));
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_spool, recursive: true);
        }
        catch (IOException)
        {
            // An open body is deleted when closed.
        }
        return ValueTask.CompletedTask;
    }
}
