using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Bench.Gateway;

/// <summary>
/// An OpenAI Chat Completions upstream that answers at once with canned bytes (JSON, or SSE with a few
/// chunks), so the figures show the gateway's cost, not a model's. It does not read the request body's JSON.
/// </summary>
internal sealed class FastUpstream : IAsyncDisposable
{
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes("""
        {"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fast upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}
        """);

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(string.Concat(
        Chunk("""{"role":"assistant","content":""}""", "null"),
        Chunk("""{"content":"Hello"}""", "null"),
        Chunk("""{"content":" from the"}""", "null"),
        Chunk("""{"content":" fast upstream."}""", "null"),
        Chunk("{}", "\"stop\""),
        """data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}""" + "\n\n",
        "data: [DONE]\n\n"));

    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FastUpstream> StartAsync()
    {
        var upstream = new FastUpstream();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        upstream._app = builder.Build();
        upstream._app.MapPost("/v1/chat/completions", AnswerAsync);
        await upstream._app.StartAsync();
        var address = upstream._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return upstream;
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        // Read the body as a real server would; a byte search for "stream":true is all the parsing it needs.
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var streaming = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\"stream\":true"u8) >= 0;
        context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
        await context.Response.Body.WriteAsync(streaming ? Stream : Completion, context.RequestAborted);
    }

    private static string Chunk(string delta, string finish) =>
        $$"""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}}]}""" + "\n\n";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
