using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>
/// OpenAI's Chat Completions and Embeddings API on 127.0.0.1:0, in the documented wire format:
/// <c>POST /v1/chat/completions</c> (JSON, or SSE when <c>"stream": true</c>, usage chunk when
/// <c>stream_options.include_usage</c>) and <c>POST /v1/embeddings</c>; the same under Azure OpenAI's
/// deployment paths (see FakeOpenAiServer.Azure.cs). Replies are scripted with <see cref="Enqueue"/>; with
/// none queued it answers <see cref="FakeOpenAiReply"/>'s defaults. A request without <c>Bearer {ApiKey}</c>
/// gets OpenAI's 401 (unless <see cref="AllowAnonymous"/> and no Authorization header at all).
/// </summary>
public sealed partial class FakeOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-fake-test-key";
    private readonly ConcurrentQueue<FakeOpenAiReply> _replies = new();
    private WebApplication? _app;

    /// <summary>The API root, ending with <c>/v1/</c>, as a client's base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;
    /// <summary>The server root, as an Azure OpenAI resource endpoint (<c>https://{resource}.openai.azure.com/</c>).</summary>
    public Uri RootUrl { get; private set; } = null!;
    public ConcurrentQueue<FakeOpenAiRequest> Requests { get; } = new();
    /// <summary>Like a local Ollama or vLLM without <c>--api-key</c>: requests with no Authorization header are served.</summary>
    public bool AllowAnonymous { get; set; }

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var server = new FakeOpenAiServer();
        (server._app, server.RootUrl) = await FakeHttpHost.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", context => server.ChatAsync(context, azure: false, null));
            app.MapPost("/v1/embeddings", context => server.EmbeddingsAsync(context, azure: false, null));
            server.MapAzure(app);
        });
        server.BaseUrl = new Uri(server.RootUrl, "v1/");
        return server;
    }

    public void Enqueue(FakeOpenAiReply reply) => _replies.Enqueue(reply);

    /// <summary>The JSON body of the last request, for assertions on what the adapter sent.</summary>
    public JsonNode LastBody => JsonNode.Parse(Requests.Last().Body)!;

    /// <summary>Records the request, applies delay/auth/scripted errors; null means the answer is already sent.</summary>
    private async Task<(string Body, FakeOpenAiReply? Reply)> ReceiveAsync(HttpContext context, bool azure)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new FakeOpenAiRequest(context.Request.Path, context.Request.Headers.Authorization.ToString(), body)
        {
            Query = context.Request.QueryString.Value ?? "",
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        });
        var reply = _replies.TryDequeue(out var next) ? next : new FakeOpenAiReply();
        if (!await FakeHttpHost.DelayFirstByteAsync(context, reply.FirstByteDelay))
        {
            return (body, null);
        }
        var refusal = azure ? AzureRefusal(context) : OpenAiRefusal(context);
        if (refusal is not null)
        {
            reply = refusal;
        }
        if (reply.Status != 200)
        {
            await WriteErrorAsync(context, reply, azure);
            return (body, null);
        }
        return (body, reply);
    }

    private FakeOpenAiReply? OpenAiRefusal(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var accepted = authorization == "Bearer " + ApiKey || (AllowAnonymous && authorization.Length == 0);
        return accepted ? null : FakeOpenAiReply.Error(401, "invalid_request_error", "Incorrect API key provided.");
    }

    private static async Task WriteRawAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(text);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
