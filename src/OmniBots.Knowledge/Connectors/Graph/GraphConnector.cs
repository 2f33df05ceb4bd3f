using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.Connectors.Graph;

/// <summary>
/// SharePoint document libraries and OneDrive drives over Microsoft Graph v1.0, as an app (client credentials). Changes
/// come from the drive's delta query (<c>/drives/{id}/root/delta</c>, or <c>/root:/{folder}:/delta</c> under a root
/// folder), paged by <c>@odata.nextLink</c>; the final <c>@odata.deltaLink</c> is the cursor. Deleted items carry the
/// <c>deleted</c> facet. A 410 (the delta token expired) starts over with a full enumeration. SharePoint sites resolve
/// to their default drive with <c>/sites/{site-id}/drive</c>.
/// </summary>
internal sealed class GraphConnector(SourceSettings settings, SourceCredentials credentials, HttpClient http) : IKnowledgeConnector
{
    public const string DefaultGraphUrl = "https://graph.microsoft.com/";
    public const string DefaultAuthorityUrl = "https://login.microsoftonline.com/";
    private readonly Uri _graph = new((settings.GraphUrl ?? DefaultGraphUrl).TrimEnd('/') + "/v1.0/");
    private readonly string _root = (settings.RootFolder ?? "").Trim('/');
    private string? _token;
    private string? _driveId;

    public async Task TestAsync(CancellationToken ct) => await DriveIdAsync(ct);

    public async Task<ChangeSet> ListChangesAsync(SyncState state, CancellationToken ct)
    {
        var driveId = await DriveIdAsync(ct);
        var start = _root.Length == 0
            ? new Uri(_graph, $"drives/{driveId}/root/delta")
            : new Uri(_graph, $"drives/{driveId}/root:/{string.Join('/', _root.Split('/').Select(Uri.EscapeDataString))}:/delta");
        var full = state.Cursor is null;
        var next = state.Cursor is null ? start : new Uri(state.Cursor);
        var changed = new List<RemoteFile>();
        var deleted = new List<string>();
        while (true)
        {
            using var response = await SendAsync(next, ct);
            if (response.StatusCode == HttpStatusCode.Gone && !full)
            {
                // resyncRequired: the token expired; enumerate everything again (deletions by absence).
                (full, next) = (true, start);
                changed.Clear();
                deleted.Clear();
                continue;
            }
            await EnsureSuccessAsync(response, ct);
            var page = (await response.Content.ReadFromJsonAsync<DeltaPage>(ct))!;
            foreach (var item in page.Value ?? [])
            {
                if (item.Deleted is not null)
                {
                    deleted.Add(item.Id);
                }
                else if (item.File is not null)
                {
                    changed.Add(ToRemote(item));
                }
            }
            if (page.NextLink is { } nextLink)
            {
                next = new Uri(nextLink);
                continue;
            }
            return new ChangeSet(changed, deleted, page.DeltaLink ?? throw new ConnectorException("Graph's delta answer had neither @odata.nextLink nor @odata.deltaLink."), full);
        }
    }

    public async Task<FetchedFile> FetchAsync(RemoteFile file, CancellationToken ct)
    {
        var driveId = await DriveIdAsync(ct);
        var response = await SendAsync(new Uri(_graph, $"drives/{driveId}/items/{Uri.EscapeDataString(file.ExternalId)}/content"), ct, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.TemporaryRedirect && response.Headers.Location is { } location)
        {
            // The pre-authenticated download URL: fetched without our bearer token, as Graph documents.
            response.Dispose();
            response = await http.GetAsync(location.IsAbsoluteUri ? location : new Uri(_graph, location), HttpCompletionOption.ResponseHeadersRead, ct);
        }
        await EnsureSuccessAsync(response, ct);
        return new FetchedFile(await response.Content.ReadAsStreamAsync(ct), response.Content.Headers.ContentType?.MediaType ?? file.ContentType, null);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private RemoteFile ToRemote(DriveItem item)
    {
        // parentReference.path reads "/drive/root:/Folder/Sub" (or "/drives/{id}/root:/…").
        var parent = item.ParentReference?.Path is { } path && path.IndexOf("root:", StringComparison.Ordinal) is var at and >= 0
            ? Uri.UnescapeDataString(path[(at + 5)..]).Trim('/') : "";
        var full = parent.Length == 0 ? item.Name : $"{parent}/{item.Name}";
        var relative = _root.Length > 0 && full.StartsWith(_root + "/", StringComparison.Ordinal) ? full[(_root.Length + 1)..] : full;
        return new RemoteFile(item.Id, item.Name, relative, item.CTag ?? item.ETag, item.Size, item.LastModifiedDateTime,
            item.WebUrl is null ? null : new Uri(item.WebUrl)) { ContentType = item.File?.MimeType };
    }

    private async Task<string> DriveIdAsync(CancellationToken ct)
    {
        if (_driveId is not null)
        {
            return _driveId;
        }
        if (!string.IsNullOrEmpty(settings.DriveId))
        {
            using var check = await SendAsync(new Uri(_graph, $"drives/{Uri.EscapeDataString(settings.DriveId)}"), ct);
            await EnsureSuccessAsync(check, ct);
            return _driveId = settings.DriveId;
        }
        using var response = await SendAsync(new Uri(_graph, $"sites/{settings.SiteId}/drive"), ct);
        await EnsureSuccessAsync(response, ct);
        var drive = (await response.Content.ReadFromJsonAsync<DriveItem>(ct))!;
        return _driveId = drive.Id;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(ct));
        try
        {
            return await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"Microsoft Graph could not be reached: {ex.Message}", ex);
        }
    }

    /// <summary>Client-credentials grant at <c>{authority}/{tenant}/oauth2/v2.0/token</c> for <c>https://graph.microsoft.com/.default</c>.</summary>
    private async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_token is not null)
        {
            return _token;
        }
        var authority = new Uri((settings.AuthorityUrl ?? DefaultAuthorityUrl).TrimEnd('/') + "/");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId ?? "",
            ["client_secret"] = credentials.ClientSecret ?? "",
            ["scope"] = "https://graph.microsoft.com/.default",
            ["grant_type"] = "client_credentials",
        });
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(authority, $"{Uri.EscapeDataString(settings.DirectoryTenantId ?? "")}/oauth2/v2.0/token"), form, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"The Microsoft identity platform could not be reached: {ex.Message}", ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var token = TryParse<TokenResponse>(body);
            if (!response.IsSuccessStatusCode || token?.AccessToken is null)
            {
                throw new ConnectorException($"The Microsoft identity platform refused the app's credentials ({(int)response.StatusCode} {token?.Error}): {token?.ErrorDescription?.Split('\n')[0] ?? body}");
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
        var error = TryParse<GraphError>(await response.Content.ReadAsStringAsync(ct))?.Error;
        response.Dispose();
        throw new ConnectorException($"Microsoft Graph answered {(int)response.StatusCode} {error?.Code}{(error?.Message is { } message ? $": {message}" : "")}");
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

    private sealed record DeltaPage(
        IReadOnlyList<DriveItem>? Value,
        [property: JsonPropertyName("@odata.nextLink")] string? NextLink,
        [property: JsonPropertyName("@odata.deltaLink")] string? DeltaLink);

    private sealed record DriveItem(string Id, string Name, string? ETag, string? CTag, long? Size, DateTimeOffset? LastModifiedDateTime, string? WebUrl,
        FileFacet? File, JsonElement? Deleted, ItemReference? ParentReference);

    private sealed record FileFacet(string? MimeType);

    private sealed record ItemReference(string? Path);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);

    private sealed record GraphError(GraphErrorBody? Error);

    private sealed record GraphErrorBody(string? Code, string? Message);
}
