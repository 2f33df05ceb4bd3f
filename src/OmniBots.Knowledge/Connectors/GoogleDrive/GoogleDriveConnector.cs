using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.Connectors.GoogleDrive;

/// <summary>
/// A Google Drive folder (the root folder id) over the Drive v3 REST API, with an OAuth refresh token exchanged at
/// the token endpoint. First sync: the changes start page token is taken first (nothing changed during the listing is
/// lost), then <c>files.list</c> with <c>'folder' in parents</c> walks the tree. Later syncs: <c>changes.list</c> from the
/// saved token to <c>newStartPageToken</c>; removed or trashed files, and files no longer under the folder, are
/// deletions. Google Docs/Sheets/Slides are exported (<c>files.export</c>) as text/plain or text/csv; other files are
/// downloaded with <c>alt=media</c>.
/// </summary>
internal sealed class GoogleDriveConnector(SourceSettings settings, SourceCredentials credentials, HttpClient http) : IKnowledgeConnector
{
    public const string DefaultApiUrl = "https://www.googleapis.com/";
    public const string DefaultTokenUrl = "https://oauth2.googleapis.com/token";
    private const string FolderType = "application/vnd.google-apps.folder";
    private const string FileFields = "id,name,mimeType,md5Checksum,version,size,modifiedTime,webViewLink,parents,trashed";
    private static readonly Dictionary<string, (string Type, string Extension)> Exports = new(StringComparer.Ordinal)
    {
        ["application/vnd.google-apps.document"] = ("text/plain", ".txt"),
        ["application/vnd.google-apps.spreadsheet"] = ("text/csv", ".csv"),
        ["application/vnd.google-apps.presentation"] = ("text/plain", ".txt"),
    };

    private readonly Uri _api = new((settings.GoogleApiUrl ?? DefaultApiUrl).TrimEnd('/') + "/drive/v3/");
    private string? _token;

    public async Task TestAsync(CancellationToken ct) => await GetAsync<DriveFile>($"files/{Uri.EscapeDataString(settings.RootFolder!)}?fields=id,name,mimeType&supportsAllDrives=true", ct);

    public async Task<ChangeSet> ListChangesAsync(SyncState state, CancellationToken ct)
    {
        if (state.Cursor is null)
        {
            var start = (await GetAsync<StartToken>("changes/startPageToken?supportsAllDrives=true", ct)).StartPageToken;
            var files = new List<RemoteFile>();
            await WalkAsync(settings.RootFolder!, "", files, ct);
            return new ChangeSet(files, [], start, IsFullListing: true);
        }
        var folders = new Dictionary<string, string>(StringComparer.Ordinal) { [settings.RootFolder!] = "" };
        await WalkAsync(settings.RootFolder!, "", null, ct, folders);
        var changed = new List<RemoteFile>();
        var deleted = new List<string>();
        var pageToken = state.Cursor;
        while (true)
        {
            var page = await GetAsync<ChangePage>(
                $"changes?pageToken={Uri.EscapeDataString(pageToken)}&pageSize=1000&includeItemsFromAllDrives=true&supportsAllDrives=true" +
                $"&fields=nextPageToken,newStartPageToken,changes(fileId,removed,file({FileFields}))", ct);
            foreach (var change in page.Changes ?? [])
            {
                var parent = change.File?.Parents?.FirstOrDefault(folders.ContainsKey);
                if (change.Removed || change.File is null || change.File.Trashed || parent is null)
                {
                    deleted.Add(change.FileId); // gone, or moved out of the folder
                }
                else if (change.File.MimeType != FolderType && ToRemote(change.File, folders[parent]) is { } file)
                {
                    changed.Add(file);
                }
            }
            if (page.NewStartPageToken is { } next)
            {
                return new ChangeSet(changed, deleted, next, IsFullListing: false);
            }
            pageToken = page.NextPageToken ?? throw new ConnectorException("Google Drive's changes answer had neither nextPageToken nor newStartPageToken.");
        }
    }

    public async Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct)
    {
        var id = Uri.EscapeDataString(file.ExternalId);
        var export = file.ContentType is { } type && Exports.TryGetValue(type, out var target) ? target.Type : null;
        var url = export is null ? $"files/{id}?alt=media&supportsAllDrives=true" : $"files/{id}/export?mimeType={Uri.EscapeDataString(export)}";
        var response = await SendAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, ct);
        return new FetchedFile(await response.Content.ReadAsStreamAsync(ct), export ?? response.Content.Headers.ContentType?.MediaType ?? file.ContentType, null);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Lists a folder's children page by page; recurses into subfolders. Files go to <paramref name="files"/>
    /// (when given); folder ids and paths to <paramref name="folders"/> (when given).</summary>
    private async Task WalkAsync(string folderId, string path, List<RemoteFile>? files, CancellationToken ct, Dictionary<string, string>? folders = null)
    {
        string? pageToken = null;
        var query = Uri.EscapeDataString($"'{folderId.Replace("'", "\\'", StringComparison.Ordinal)}' in parents and trashed = false"
            + (files is null ? $" and mimeType = '{FolderType}'" : ""));
        do
        {
            var page = await GetAsync<FilePage>($"files?q={query}&pageSize=1000&includeItemsFromAllDrives=true&supportsAllDrives=true" +
                $"&fields=nextPageToken,files({FileFields})" + (pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}"), ct);
            foreach (var item in page.Files ?? [])
            {
                if (item.MimeType == FolderType)
                {
                    var sub = path.Length == 0 ? item.Name : $"{path}/{item.Name}";
                    folders?.TryAdd(item.Id, sub);
                    await WalkAsync(item.Id, sub, files, ct, folders);
                }
                else if (files is not null && ToRemote(item, path) is { } file)
                {
                    files.Add(file);
                }
            }
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);
    }

    /// <summary>Null for Google-native types that cannot be exported as text (forms, drawings, shortcuts).</summary>
    private static RemoteFile? ToRemote(DriveFile item, string folderPath)
    {
        var name = item.Name;
        if (item.MimeType.StartsWith("application/vnd.google-apps.", StringComparison.Ordinal))
        {
            if (!Exports.TryGetValue(item.MimeType, out var export))
            {
                return null;
            }
            name += export.Extension;
        }
        var path = folderPath.Length == 0 ? name : $"{folderPath}/{name}";
        long? size = long.TryParse(item.Size, System.Globalization.CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
        return new RemoteFile(item.Id, name, path, item.Md5Checksum ?? item.Version, size, item.ModifiedTime,
            item.WebViewLink is null ? null : new Uri(item.WebViewLink)) { ContentType = item.MimeType };
    }

    private async Task<T> GetAsync<T>(string url, CancellationToken ct)
    {
        using var response = await SendAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        await EnsureSuccessAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct))!;
    }

    private async Task<HttpResponseMessage> SendAsync(string url, HttpCompletionOption completion, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_api, url));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(ct));
        try
        {
            return await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"Google Drive could not be reached: {ex.Message}", ex);
        }
    }

    /// <summary>The refresh-token grant (RFC 6749 §6) at Google's token endpoint.</summary>
    private async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_token is not null)
        {
            return _token;
        }
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = credentials.GoogleClientId ?? "",
            ["client_secret"] = credentials.GoogleClientSecret ?? "",
            ["refresh_token"] = credentials.RefreshToken ?? "",
            ["grant_type"] = "refresh_token",
        });
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(settings.GoogleTokenUrl ?? DefaultTokenUrl), form, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"Google's token endpoint could not be reached: {ex.Message}", ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var token = TryParse<TokenResponse>(body);
            if (!response.IsSuccessStatusCode || token?.AccessToken is null)
            {
                throw new ConnectorException($"Google refused the refresh token ({(int)response.StatusCode} {token?.Error}): {token?.ErrorDescription ?? body}");
            }
            return _token = token.AccessToken;
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var error = TryParse<GoogleError>(await response.Content.ReadAsStringAsync(ct))?.Error;
        response.Dispose();
        throw new ConnectorException($"Google Drive answered {(int)response.StatusCode}{(error?.Message is { } message ? $": {message}" : "")}");
    }

    private static T? TryParse<T>(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private sealed record StartToken(string StartPageToken);

    private sealed record FilePage(string? NextPageToken, IReadOnlyList<DriveFile>? Files);

    private sealed record ChangePage(string? NextPageToken, string? NewStartPageToken, IReadOnlyList<Change>? Changes);

    private sealed record Change(string FileId, bool Removed, DriveFile? File);

    private sealed record DriveFile(string Id, string Name, string MimeType, string? Md5Checksum, string? Version, string? Size,
        DateTimeOffset? ModifiedTime, string? WebViewLink, IReadOnlyList<string>? Parents, bool Trashed);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);

    private sealed record GoogleError(GoogleErrorBody? Error);

    private sealed record GoogleErrorBody(int Code, string? Message);
}
