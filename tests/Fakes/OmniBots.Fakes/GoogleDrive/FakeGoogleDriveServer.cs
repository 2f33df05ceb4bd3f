using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Fakes.GoogleDrive;

/// <summary>
/// Google Drive API v3 and Google's OAuth token endpoint on 127.0.0.1:0: <c>POST /token</c> (refresh-token grant; a
/// wrong token gets <c>invalid_grant</c>), <c>files.list</c> with <c>'id' in parents</c> (two files a page, then
/// <c>nextPageToken</c>), <c>files.get</c> (metadata, or the content with <c>alt=media</c>), <c>files.export</c> for
/// Google Docs, <c>changes.getStartPageToken</c> and <c>changes.list</c> (removed, trashed, moved files). Bearer tokens
/// are checked; errors use Drive's JSON error body.
/// </summary>
public sealed partial class FakeGoogleDriveServer : IAsyncDisposable
{
    public const string ClientId = "fake-client.apps.googleusercontent.com";
    public const string ClientSecret = "fake-google-secret";
    public const string RefreshToken = "1//fake-refresh-token";
    public const string RootFolderId = "root-folder-id";
    private const string AccessToken = "ya29.fake-access-token";
    private const string FolderType = "application/vnd.google-apps.folder";

    private readonly ConcurrentDictionary<string, DriveFile> _files = new();
    private readonly ConcurrentQueue<(long Sequence, string FileId)> _changes = new();
    private WebApplication? _app;
    private long _sequence;

    public Uri BaseUrl { get; private set; } = null!;
    public Uri TokenUrl => new(BaseUrl, "token");
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeGoogleDriveServer> StartAsync()
    {
        var server = new FakeGoogleDriveServer();
        server._files[RootFolderId] = new DriveFile(RootFolderId, "Knowledge", FolderType, [], [], false, 1);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server._app = builder.Build();
        server._app.Run(server.ServeAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public string Folder(string name, string parent = RootFolderId) => Save(new DriveFile(NewId(), name, FolderType, [], [parent], false, 1));

    public string File(string name, string content, string parent = RootFolderId, string mimeType = "text/plain")
        => Save(new DriveFile(NewId(), name, mimeType, Encoding.UTF8.GetBytes(content), [parent], false, 1));

    public void Change(string id, string content) => Save(_files[id] with { Content = Encoding.UTF8.GetBytes(content), Version = _files[id].Version + 1 });

    public void Trash(string id) => Save(_files[id] with { Trashed = true });

    public void Move(string id, string parent) => Save(_files[id] with { Parents = [parent] });

    public void Remove(string id)
    {
        _files.TryRemove(id, out _);
        _changes.Enqueue((Interlocked.Increment(ref _sequence), id));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private string NewId() => $"file{Interlocked.Increment(ref _sequence):D5}";

    private string Save(DriveFile file)
    {
        _files[file.Id] = file;
        _changes.Enqueue((Interlocked.Increment(ref _sequence), file.Id));
        return file.Id;
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var query = context.Request.Query;
        Requests.Enqueue($"{context.Request.Method} {path}{context.Request.QueryString}");
        if (path == "/token" && HttpMethods.IsPost(context.Request.Method))
        {
            await TokenAsync(context);
            return;
        }
        if (context.Request.Headers.Authorization != $"Bearer {AccessToken}")
        {
            await ErrorAsync(context, 401, "Request had invalid authentication credentials.");
            return;
        }
        if (path == "/drive/v3/changes/startPageToken")
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["startPageToken"] = (Interlocked.Read(ref _sequence) + 1).ToString(CultureInfo.InvariantCulture) });
        }
        else if (path == "/drive/v3/changes")
        {
            var from = long.Parse(query["pageToken"]!, CultureInfo.InvariantCulture);
            var changes = _changes.Where(c => c.Sequence >= from).GroupBy(c => c.FileId).Select(g => g.Key).ToList();
            var list = new JsonArray([.. changes.Select(id => (JsonNode)(_files.TryGetValue(id, out var file)
                ? new JsonObject { ["fileId"] = id, ["removed"] = false, ["file"] = ToJson(file) }
                : new JsonObject { ["fileId"] = id, ["removed"] = true }))]);
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["changes"] = list, ["newStartPageToken"] = (Interlocked.Read(ref _sequence) + 1).ToString(CultureInfo.InvariantCulture),
            });
        }
        else if (path == "/drive/v3/files")
        {
            await ListAsync(context);
        }
        else if (FilePath().Match(path) is { Success: true } match && _files.TryGetValue(match.Groups["id"].Value, out var file) && !(file.Trashed && query["alt"] == "media"))
        {
            if (match.Groups["export"].Success)
            {
                context.Response.ContentType = query["mimeType"].ToString();
                await context.Response.WriteAsync($"Exported {file.Name}: {Encoding.UTF8.GetString(file.Content)}");
            }
            else if (query["alt"] == "media")
            {
                if (file.MimeType.StartsWith("application/vnd.google-apps.", StringComparison.Ordinal))
                {
                    await ErrorAsync(context, 403, "Only files with binary content can be downloaded. Use Export with Docs Editors files.");
                    return;
                }
                context.Response.ContentType = file.MimeType;
                await context.Response.Body.WriteAsync(file.Content);
            }
            else
            {
                await context.Response.WriteAsJsonAsync(ToJson(file));
            }
        }
        else
        {
            await ErrorAsync(context, 404, $"File not found: {path}.");
        }
    }

    private async Task ListAsync(HttpContext context)
    {
        var q = context.Request.Query["q"].ToString();
        var parent = ParentClause().Match(q);
        if (!parent.Success)
        {
            await ErrorAsync(context, 400, "Invalid Value");
            return;
        }
        var foldersOnly = q.Contains($"mimeType = '{FolderType}'", StringComparison.Ordinal);
        var matches = _files.Values
            .Where(f => f.Parents.Contains(parent.Groups["id"].Value) && (!q.Contains("trashed = false", StringComparison.Ordinal) || !f.Trashed))
            .Where(f => !foldersOnly || f.MimeType == FolderType)
            .OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        var skip = int.TryParse(context.Request.Query["pageToken"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var body = new JsonObject { ["files"] = new JsonArray([.. matches.Skip(skip).Take(2).Select(ToJson)]) };
        if (skip + 2 < matches.Count)
        {
            body["nextPageToken"] = (skip + 2).ToString(CultureInfo.InvariantCulture);
        }
        await context.Response.WriteAsJsonAsync(body);
    }

    private static JsonNode ToJson(DriveFile file)
    {
        var json = new JsonObject
        {
            ["id"] = file.Id, ["name"] = file.Name, ["mimeType"] = file.MimeType, ["trashed"] = file.Trashed,
            ["parents"] = new JsonArray([.. file.Parents.Select(p => (JsonNode)p)]), ["version"] = file.Version.ToString(CultureInfo.InvariantCulture),
            ["modifiedTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["webViewLink"] = $"https://drive.google.com/file/d/{file.Id}/view",
        };
        if (!file.MimeType.StartsWith("application/vnd.google-apps.", StringComparison.Ordinal))
        {
#pragma warning disable CA5351 // Drive's md5Checksum is MD5 by definition; here it is a version, not security.
            json["md5Checksum"] = Convert.ToHexStringLower(MD5.HashData(file.Content));
#pragma warning restore CA5351
            json["size"] = file.Content.Length.ToString(CultureInfo.InvariantCulture);
        }
        return json;
    }

    private static async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "refresh_token" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["refresh_token"] != RefreshToken)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Token has been expired or revoked." });
            return;
        }
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["access_token"] = AccessToken, ["expires_in"] = 3599, ["token_type"] = "Bearer", ["scope"] = "https://www.googleapis.com/auth/drive.readonly",
        });
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["errors"] = new JsonArray(new JsonObject { ["message"] = message }) },
        });
    }

    [GeneratedRegex(@"^/drive/v3/files/(?<id>[^/]+)(?<export>/export)?$")]
    private static partial Regex FilePath();

    [GeneratedRegex(@"'(?<id>[^']+)' in parents")]
    private static partial Regex ParentClause();

    private sealed record DriveFile(string Id, string Name, string MimeType, byte[] Content, string[] Parents, bool Trashed, int Version);
}
