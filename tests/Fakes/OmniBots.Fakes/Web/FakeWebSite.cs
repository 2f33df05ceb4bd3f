using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Fakes.Web;

/// <summary>
/// A small web site on 127.0.0.1:0 for the crawler: pages and files set by the test (with an ETag each, answering
/// <c>If-None-Match</c> with 304), redirects, 404 for anything else (410 for pages marked gone), a robots.txt, and a
/// log of the paths requested in order.
/// </summary>
public sealed class FakeWebSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Page> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _gone = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _version;

    public Uri BaseUrl { get; private set; } = null!;
    public string? RobotsTxt { get; set; }
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeWebSite> StartAsync()
    {
        var site = new FakeWebSite();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        site._app = builder.Build();
        site._app.Run(site.ServeAsync);
        await site._app.StartAsync();
        var address = site._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        site.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return site;
    }

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Html(string path, string title, string body) => Set(path, "text/html; charset=utf-8", $"<html><head><title>{title}</title></head><body>{body}</body></html>");

    public void Set(string path, string contentType, string content)
    {
        _gone.TryRemove(path, out _);
        _pages[path] = new Page(contentType, Encoding.UTF8.GetBytes(content), $"\"v{Interlocked.Increment(ref _version)}\"");
    }

    public void Redirect(string from, string to) => _redirects[from] = to;

    public void Remove(string path, bool gone = false)
    {
        _pages.TryRemove(path, out _);
        if (gone)
        {
            _gone[path] = true;
        }
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
        var path = context.Request.Path.Value ?? "/";
        Requests.Enqueue(path);
        if (path == "/robots.txt" && RobotsTxt is { } robots)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(robots);
            return;
        }
        if (_redirects.TryGetValue(path, out var location))
        {
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = location;
            return;
        }
        if (!_pages.TryGetValue(path, out var page))
        {
            context.Response.StatusCode = _gone.ContainsKey(path) ? 410 : 404;
            return;
        }
        context.Response.Headers.ETag = page.ETag;
        if (context.Request.Headers.IfNoneMatch == page.ETag)
        {
            context.Response.StatusCode = 304;
            return;
        }
        context.Response.ContentType = page.ContentType;
        await context.Response.Body.WriteAsync(page.Content);
    }

    private sealed record Page(string ContentType, byte[] Content, string ETag);
}
