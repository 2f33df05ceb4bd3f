using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Fakes.AzureBlob;

/// <summary>
/// Azure Blob Storage's REST API on 127.0.0.1:0, path-style as the Azurite emulator addresses it
/// (<c>http://127.0.0.1:port/{account}/{container}/{blob}</c>): List Blobs (<c>?restype=container&amp;comp=list</c>,
/// prefix, marker, maxresults, the documented XML) and Get Blob. Every request must carry a valid Shared Key signature
/// (recomputed here from the raw request per Microsoft's algorithm) or the SAS token's <c>sig</c>; otherwise it answers
/// 403 with Azure's <c>AuthenticationFailed</c> XML error.
/// </summary>
public sealed class FakeAzureBlobServer : IAsyncDisposable
{
    public const string Account = "devstoreaccount1";
    /// <summary>The emulator's well-known key (public, from Azurite's documentation).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public const string SasToken = "sv=2021-08-06&ss=b&srt=co&sp=rl&se=2099-01-01T00%3A00%3A00Z&sig=fake-sas-signature";

    private readonly ConcurrentDictionary<(string Container, string Name), Blob> _blobs = new();
    private WebApplication? _app;
    private int _etag;

    public Uri BlobEndpoint { get; private set; } = null!;
    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint}";
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeAzureBlobServer> StartAsync()
    {
        var server = new FakeAzureBlobServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server._app = builder.Build();
        server._app.MapGet("/{account}/{container}", server.ListAsync);
        server._app.MapGet("/{account}/{container}/{**blob}", server.GetAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BlobEndpoint = new Uri($"{address.TrimEnd('/')}/{Account}");
        return server;
    }

    public void Put(string container, string name, string content, string contentType = "text/plain")
        => _blobs[(container, name)] = new Blob(Encoding.UTF8.GetBytes(content), contentType,
            $"\"0x8D{Interlocked.Increment(ref _etag):X12}\"", DateTimeOffset.UtcNow);

    public void Delete(string container, string name) => _blobs.TryRemove((container, name), out _);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task ListAsync(HttpContext context, string account, string container)
    {
        if (!await AuthorisedAsync(context, account))
        {
            return;
        }
        var query = context.Request.Query;
        if (query["restype"] != "container" || query["comp"] != "list")
        {
            await ErrorAsync(context, 400, "InvalidQueryParameterValue", "restype=container&comp=list expected.");
            return;
        }
        var prefix = query["prefix"].ToString();
        var marker = query["marker"].ToString();
        var max = int.TryParse(query["maxresults"], out var m) ? m : 5000;
        var names = _blobs.Keys.Where(k => k.Container == container && k.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k.Name)
            .Order(StringComparer.Ordinal).Where(name => marker.Length == 0 || string.CompareOrdinal(name, marker) >= 0).ToList();
        var page = names.Take(max).ToList();
        var xml = new XElement("EnumerationResults",
            new XAttribute("ServiceEndpoint", BlobEndpoint + "/"), new XAttribute("ContainerName", container),
            new XElement("Prefix", prefix), new XElement("Marker", marker), new XElement("MaxResults", max),
            new XElement("Blobs", page.Select(name =>
            {
                var blob = _blobs[(container, name)];
                return new XElement("Blob", new XElement("Name", name), new XElement("Properties",
                    new XElement("Last-Modified", blob.Modified.ToString("R", CultureInfo.InvariantCulture)),
                    new XElement("Etag", blob.ETag), new XElement("Content-Length", blob.Content.Length),
                    new XElement("Content-Type", blob.ContentType), new XElement("BlobType", "BlockBlob")));
            })),
            new XElement("NextMarker", names.Count > max ? names[max] : ""));
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml.ToString(SaveOptions.DisableFormatting));
    }

    private async Task GetAsync(HttpContext context, string account, string container, string blob)
    {
        if (!await AuthorisedAsync(context, account))
        {
            return;
        }
        if (!_blobs.TryGetValue((container, blob), out var found))
        {
            await ErrorAsync(context, 404, "BlobNotFound", "The specified blob does not exist.");
            return;
        }
        context.Response.ContentType = found.ContentType;
        context.Response.Headers.ETag = found.ETag;
        await context.Response.Body.WriteAsync(found.Content);
    }

    private async Task<bool> AuthorisedAsync(HttpContext context, string account)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        Requests.Enqueue($"{context.Request.Method} {raw}");
        if (account != Account)
        {
            await ErrorAsync(context, 400, "InvalidUri", "Unknown account.");
            return false;
        }
        if (context.Request.Query.TryGetValue("sig", out var sig))
        {
            if (sig == "fake-sas-signature")
            {
                return true;
            }
            await ErrorAsync(context, 403, "AuthenticationFailed", "Signature did not match.");
            return false;
        }
        var expected = $"SharedKey {Account}:{Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(AccountKey), Encoding.UTF8.GetBytes(StringToSign(context.Request, raw))))}";
        if (context.Request.Headers.Authorization != expected || !context.Request.Headers.ContainsKey("x-ms-date") || !context.Request.Headers.ContainsKey("x-ms-version"))
        {
            await ErrorAsync(context, 403, "AuthenticationFailed",
                "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.");
            return false;
        }
        return true;
    }

    /// <summary>Microsoft's Shared Key string-to-sign for the Blob service, built from what arrived.</summary>
    private static string StringToSign(HttpRequest request, string rawTarget)
    {
        string H(string name) => request.Headers.TryGetValue(name, out var v) ? v.ToString() : "";
        var contentLength = H("Content-Length") == "0" ? "" : H("Content-Length");
        var lines = new List<string>
        {
            request.Method, H("Content-Encoding"), H("Content-Language"), contentLength, H("Content-MD5"), H("Content-Type"), H("Date"),
            H("If-Modified-Since"), H("If-Match"), H("If-None-Match"), H("If-Unmodified-Since"), H("Range"),
        };
        var headers = request.Headers.Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .OrderBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(h => $"{h.Key.ToLowerInvariant()}:{h.Value.ToString().Trim()}");
        var resource = new StringBuilder($"/{Account}{rawTarget.Split('?')[0]}");
        foreach (var parameter in request.Query.OrderBy(q => q.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            resource.Append('\n').Append(parameter.Key.ToLowerInvariant()).Append(':').Append(string.Join(",", parameter.Value.Order(StringComparer.Ordinal)));
        }
        return string.Join("\n", lines) + "\n" + string.Concat(headers.Select(h => h + "\n")) + resource;
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        context.Response.Headers["x-ms-error-code"] = code;
        await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\nRequestId:{Guid.NewGuid()}</Message></Error>");
    }

    private sealed record Blob(byte[] Content, string ContentType, string ETag, DateTimeOffset Modified);
}
