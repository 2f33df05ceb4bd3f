using System.Globalization;
using System.Xml.Linq;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.Connectors.AzureBlob;

/// <summary>
/// An Azure Blob Storage container under a prefix, over the REST API: List Blobs
/// (<c>?restype=container&amp;comp=list&amp;prefix=&amp;marker=</c>, XML, paged by NextMarker) and Get Blob, authorised by
/// Shared Key (from a connection string) or a SAS token. No change feed: every sync lists, the ETag is the version.
/// </summary>
internal sealed class AzureBlobConnector(SourceSettings settings, AzureStorageAccount account, HttpClient http, TimeProvider time) : IKnowledgeConnector
{
    public const string ApiVersion = "2021-08-06";
    private readonly string _prefix = (settings.RootFolder ?? "").TrimStart('/');
    // With a trailing slash, so relative container paths go under an emulator's /{account} path.
    private readonly Uri _endpoint = new(account.BlobEndpoint.ToString().TrimEnd('/') + "/");

    public async Task TestAsync(CancellationToken ct) => await ListPageAsync(null, 1, ct);

    public async Task<ChangeSet> ListChangesAsync(SyncState state, CancellationToken ct)
    {
        var files = new List<RemoteFile>();
        string? marker = null;
        do
        {
            var page = await ListPageAsync(marker, 5000, ct);
            foreach (var blob in page.Descendants("Blob"))
            {
                var name = (string?)blob.Element("Name") ?? "";
                var properties = blob.Element("Properties");
                var size = (long?)properties?.Element("Content-Length");
                DateTimeOffset? modified = DateTimeOffset.TryParse((string?)properties?.Element("Last-Modified"), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
                files.Add(new RemoteFile(name, name[(name.LastIndexOf('/') + 1)..], name[_prefix.Length..].TrimStart('/'),
                    (string?)properties?.Element("Etag"), size, modified, BlobUri(name, withSas: false))
                {
                    ContentType = (string?)properties?.Element("Content-Type"),
                });
            }
            marker = (string?)page.Root?.Element("NextMarker");
        }
        while (!string.IsNullOrEmpty(marker));
        return new ChangeSet(files, [], null, IsFullListing: true);
    }

    public async Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct)
    {
        using var request = Request(BlobUri(file.ExternalId, withSas: true));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, ct);
        return new FetchedFile(await response.Content.ReadAsStreamAsync(ct), response.Content.Headers.ContentType?.MediaType, response.Headers.ETag?.Tag);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<XDocument> ListPageAsync(string? marker, int maxResults, CancellationToken ct)
    {
        var query = $"restype=container&comp=list&maxresults={maxResults}&prefix={Uri.EscapeDataString(_prefix)}"
            + (marker is null ? "" : $"&marker={Uri.EscapeDataString(marker)}");
        using var request = Request(new Uri(ContainerUri(), "?" + WithSas(query)));
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await XDocument.LoadAsync(body, LoadOptions.None, ct);
    }

    private HttpRequestMessage Request(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("x-ms-date", SharedKeySigner.Now(time.GetUtcNow()));
        request.Headers.TryAddWithoutValidation("x-ms-version", ApiVersion);
        if (account.AccountKey is { } key && account.SasToken is null)
        {
            SharedKeySigner.Sign(request, account.AccountName!, key);
        }
        return request;
    }

    private Uri ContainerUri() => new(_endpoint, Uri.EscapeDataString(settings.Container!));

    private Uri BlobUri(string name, bool withSas)
    {
        var path = string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        var uri = new Uri(_endpoint, $"{Uri.EscapeDataString(settings.Container!)}/{path}");
        return withSas && account.SasToken is not null ? new Uri($"{uri}?{account.SasToken}") : uri;
    }

    private string WithSas(string query) => account.SasToken is null ? query : $"{query}&{account.SasToken}";

    /// <summary>Azure's errors are XML <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>: the code and message go to the user.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(ct);
        string? code = null, message = null;
        try
        {
            var error = XDocument.Parse(body).Root;
            code = (string?)error?.Element("Code");
            message = ((string?)error?.Element("Message"))?.Split('\n')[0];
        }
        catch (System.Xml.XmlException)
        {
            // Not Azure's XML error (a proxy's page): the status says enough.
        }
        response.Dispose();
        throw new ConnectorException($"Azure Blob Storage answered {(int)response.StatusCode} {code ?? response.ReasonPhrase}{(message is null ? "" : $": {message}")}");
    }
}

