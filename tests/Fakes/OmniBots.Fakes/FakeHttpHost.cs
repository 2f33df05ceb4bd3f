using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Fakes;

/// <summary>
/// What the HTTP fakes of LLM providers share: a quiet Kestrel on 127.0.0.1:0, the slow first byte, server-sent
/// events, and a stream dropped mid-way.
/// </summary>
internal static class FakeHttpHost
{
    /// <summary>Starts an app with the routes <paramref name="map"/> adds; returns it and its root URL (ending with '/').</summary>
    public static async Task<(WebApplication App, Uri Root)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Holds the response headers back for <paramref name="delay"/>; false when the client gave up meanwhile.</summary>
    public static async Task<bool> DelayFirstByteAsync(HttpContext context, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }
        try
        {
            await Task.Delay(delay, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static void StartEventStream(HttpContext context, string contentType = "text/event-stream")
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
    }

    /// <summary>One SSE event (an optional <c>event:</c> name, one <c>data:</c> line), flushed at once.</summary>
    public static async Task WriteEventAsync(HttpContext context, string data, string? name = null, string newline = "\n")
    {
        var text = (name is null ? "" : $"event: {name}{newline}") + $"data: {data}{newline}{newline}";
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// Cuts the TCP connection mid-stream, as a proxy or a crashed upstream would. The pause lets the client read what
    /// was sent first: a reset can discard unread received data.
    /// </summary>
    public static async Task DropAsync(HttpContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200), context.RequestAborted);
        context.Abort();
    }
}
