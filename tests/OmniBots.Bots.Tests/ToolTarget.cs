using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Bots.Tests;

/// <summary>A request the target received, as it arrived on the wire.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// The HTTP service a tool calls: a local Kestrel on 127.0.0.1 (so only reachable when private networks are allowed)
/// that records every request. Routes: /orders/{id} (an order as JSON), /echo (200 {"ok":true}), /slow (answers
/// after 5 s), /big (2 MiB), /fail (500), /text (plain text).
/// </summary>
internal sealed class ToolTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ToolTarget(WebApplication app, Uri root, ConcurrentQueue<ReceivedRequest> requests)
    {
        _app = app;
        Root = root;
        Requests = requests;
    }

    public Uri Root { get; }
    public ConcurrentQueue<ReceivedRequest> Requests { get; }

    public string Url(string path) => Root.AbsoluteUri + path;

    public static async Task<ToolTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var requests = new ConcurrentQueue<ReceivedRequest>();
        app.Run(context => HandleAsync(context, requests));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ToolTarget(app, new Uri(address.TrimEnd('/') + "/"), requests);
    }

    private static async Task HandleAsync(HttpContext context, ConcurrentQueue<ReceivedRequest> requests)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/orders/", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"id": "{{path[8..]}}", "status": "shipped", "delivery": {"estimatedDate": "2026-12-01"}, "lines": [{"sku": "A"}, {"sku": "B"}]}""");
        }
        else if (path == "/slow")
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        }
        else if (path == "/big")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("\"" + new string('x', 2 * 1024 * 1024) + "\"");
        }
        else if (path == "/fail")
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("{\"error\": \"down\"}");
        }
        else if (path == "/text")
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("hello there");
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"ok\": true}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
