using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Fakes.MicrosoftGraph;

/// <summary>
/// Microsoft Graph v1.0 for one drive plus the identity platform's token endpoint, on 127.0.0.1:0:
/// <c>POST /{tenant}/oauth2/v2.0/token</c> (client credentials; a wrong secret gets AADSTS7000215 as
/// <c>invalid_client</c>), <c>GET /v1.0/sites/{site}/drive</c>, <c>GET /v1.0/drives/{id}</c>, the delta query
/// (<c>/root/delta</c> and <c>/root:/{path}:/delta</c>, two items a page with <c>@odata.nextLink</c>, then
/// <c>@odata.deltaLink</c>; deleted items with the <c>deleted</c> facet) and <c>/items/{id}/content</c>, which answers
/// 302 to a pre-authenticated download URL as Graph does. Bearer tokens are checked on every Graph call.
/// </summary>
public sealed class FakeGraphServer : IAsyncDisposable
{
    public const string DirectoryTenant = "contoso-tenant";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";
    public const string ClientSecret = "fake-client-secret";
    public const string SiteId = "contoso.sharepoint.com,site-1,web-1";
    public const string DriveId = "b!fake-drive";
    private const string AccessToken = "fake-graph-access-token";
    private const int PageSize = 2;

    private readonly ConcurrentDictionary<string, Item> _items = new();
    private WebApplication? _app;
    private long _sequence;

    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeGraphServer> StartAsync()
    {
        var server = new FakeGraphServer();
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

    /// <summary>Adds or changes a file at a path like <c>Docs/Sub/a.txt</c>; returns its item id.</summary>
    public string Put(string path, string content)
    {
        var existing = _items.Values.FirstOrDefault(i => i.Path == path && !i.Deleted);
        var id = existing?.Id ?? $"ITEM{Interlocked.Increment(ref _sequence):D6}";
        _items[id] = new Item(id, path, Encoding.UTF8.GetBytes(content), Interlocked.Increment(ref _sequence), false);
        return id;
    }

    public void Delete(string path)
    {
        var item = _items.Values.First(i => i.Path == path && !i.Deleted);
        _items[item.Id] = item with { Deleted = true, Sequence = Interlocked.Increment(ref _sequence) };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "");
        Requests.Enqueue($"{context.Request.Method} {path}{context.Request.QueryString}");
        if (path == $"/{DirectoryTenant}/oauth2/v2.0/token" && HttpMethods.IsPost(context.Request.Method))
        {
            await TokenAsync(context);
            return;
        }
        if (path.StartsWith("/download/", StringComparison.Ordinal))
        {
            // Pre-authenticated: no bearer token needed (nor expected).
            if (_items.TryGetValue(path["/download/".Length..], out var file) && !file.Deleted)
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(file.Content);
                return;
            }
            context.Response.StatusCode = 404;
            return;
        }
        if (context.Request.Headers.Authorization != $"Bearer {AccessToken}")
        {
            await ErrorAsync(context, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
            return;
        }
        var drive = $"/v1.0/drives/{DriveId}";
        if (path == $"/v1.0/sites/{SiteId}/drive" || path == drive)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = DriveId, ["driveType"] = "documentLibrary", ["name"] = "Documents" });
        }
        else if (path == $"{drive}/root/delta")
        {
            await DeltaAsync(context, "");
        }
        else if (path.StartsWith($"{drive}/root:/", StringComparison.Ordinal) && path.EndsWith(":/delta", StringComparison.Ordinal))
        {
            await DeltaAsync(context, path[$"{drive}/root:/".Length..^":/delta".Length].Trim('/'));
        }
        else if (path.StartsWith($"{drive}/items/", StringComparison.Ordinal) && path.EndsWith("/content", StringComparison.Ordinal))
        {
            var id = path[$"{drive}/items/".Length..^"/content".Length];
            if (!_items.TryGetValue(id, out var item) || item.Deleted)
            {
                await ErrorAsync(context, 404, "itemNotFound", "The resource could not be found.");
                return;
            }
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(BaseUrl, $"download/{id}").ToString();
        }
        else
        {
            await ErrorAsync(context, 404, "itemNotFound", "The resource could not be found.");
        }
    }

    /// <summary>Items (under <paramref name="folder"/>) changed after the token's sequence; paged with a skip.</summary>
    private async Task DeltaAsync(HttpContext context, string folder)
    {
        var since = long.TryParse(context.Request.Query["token"], CultureInfo.InvariantCulture, out var token) ? token : 0;
        var skip = int.TryParse(context.Request.Query["skip"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var changes = _items.Values
            .Where(i => i.Sequence > since && (folder.Length == 0 || i.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
            .Where(i => !i.Deleted || since > 0)
            .OrderBy(i => i.Sequence).ToList();
        var page = changes.Skip(skip).Take(PageSize).Select(ToJson).ToArray();
        var self = $"{BaseUrl.ToString().TrimEnd('/')}{context.Request.Path}";
        var body = new JsonObject { ["value"] = new JsonArray(page) };
        if (skip + PageSize < changes.Count)
        {
            body["@odata.nextLink"] = $"{self}?token={since}&skip={skip + PageSize}";
        }
        else
        {
            body["@odata.deltaLink"] = $"{self}?token={Interlocked.Read(ref _sequence)}";
        }
        await context.Response.WriteAsJsonAsync(body);
    }

    private JsonNode ToJson(Item item)
    {
        var slash = item.Path.LastIndexOf('/');
        var json = new JsonObject
        {
            ["id"] = item.Id,
            ["name"] = item.Path[(slash + 1)..],
            ["parentReference"] = new JsonObject { ["driveId"] = DriveId, ["path"] = "/drive/root:" + (slash < 0 ? "" : "/" + item.Path[..slash]) },
        };
        if (item.Deleted)
        {
            json["deleted"] = new JsonObject { ["state"] = "deleted" };
            return json;
        }
        json["eTag"] = $"\"{{{item.Id}}},{item.Sequence}\"";
        json["cTag"] = $"\"c:{{{item.Id}}},{item.Sequence}\"";
        json["size"] = item.Content.Length;
        json["lastModifiedDateTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        json["webUrl"] = $"https://contoso.sharepoint.com/Shared%20Documents/{Uri.EscapeDataString(item.Path)}";
        json["file"] = new JsonObject { ["mimeType"] = "text/plain" };
        return json;
    }

    private static async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["scope"] != "https://graph.microsoft.com/.default")
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "invalid_request", ["error_description"] = "AADSTS900144: bad grant or scope." });
            return;
        }
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = "invalid_client",
                ["error_description"] = "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.",
            });
            return;
        }
        await context.Response.WriteAsJsonAsync(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["access_token"] = AccessToken });
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }

    private sealed record Item(string Id, string Path, byte[] Content, long Sequence, bool Deleted);
}
