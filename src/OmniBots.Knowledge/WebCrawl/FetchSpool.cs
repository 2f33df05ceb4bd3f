using OmniBots.Knowledge.Connectors;

namespace OmniBots.Knowledge.WebCrawl;

/// <summary>
/// Bodies downloaded while listing (a crawl must read pages to find links; file URLs are fetched conditionally),
/// kept in a temporary folder until the sync asks for them. Each body is handed out once and deleted when closed.
/// </summary>
internal sealed class FetchSpool(string prefix) : IDisposable
{
    private readonly Dictionary<string, WebResponse> _fetched = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Keep(string externalId, WebResponse response) => _fetched[externalId] = response;

    public FetchedFile Open(RemoteFile file, string fetchedBy)
    {
        if (!_fetched.TryGetValue(file.ExternalId, out var response) || response.BodyPath is null)
        {
            throw new ConnectorException($"{file.ExternalId} was not fetched by {fetchedBy}.");
        }
        Stream content = new FileStream(response.BodyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return new FetchedFile(content, response.ContentType, response.Version);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A body still open is deleted when closed (DeleteOnClose); the folder is in the temp area anyway.
        }
    }
}
