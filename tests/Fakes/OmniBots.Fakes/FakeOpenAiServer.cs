using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Fakes;

/// <summary>
/// OpenAI's Chat Completions and Embeddings API on 127.0.0.1:0, in the documented wire format:
/// <c>POST /v1/chat/completions</c> (JSON, or SSE when <c>"stream": true</c>, usage chunk when
/// <c>stream_options.include_usage</c>) and <c>POST /v1/embeddings</c>. Replies are scripted with
/// <see cref="Enqueue"/>; with none queued it answers <see cref="FakeOpenAiReply"/>'s defaults.
/// A request without <c>Bearer {ApiKey}</c> gets OpenAI's 401.
/// </summary>
public sealed partial class FakeOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-fake-test-key";
    private readonly ConcurrentQueue<FakeOpenAiReply> _replies = new();
    private WebApplication? _app;

    /// <summary>The API root, ending with <c>/v1/</c>, as a client's base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<FakeOpenAiRequest> Requests { get; } = new();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var server = new FakeOpenAiServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server._app = builder.Build();
        server._app.MapPost("/v1/chat/completions", server.ChatAsync);
        server._app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    public void Enqueue(FakeOpenAiReply reply) => _replies.Enqueue(reply);

    /// <summary>The JSON body of the last request, for assertions on what the adapter sent.</summary>
    public JsonNode LastBody => JsonNode.Parse(Requests.Last().Body)!;

    private async Task ChatAsync(HttpContext context)
    {
        var (body, reply) = await ReceiveAsync(context);
        if (reply is null)
        {
            return;
        }
        var json = JsonNode.Parse(body)!;
        if (json["stream"]?.GetValue<bool>() == true)
        {
            var includeUsage = json["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
            await FakeOpenAiStream.WriteAsync(context, reply, json["model"]!.GetValue<string>(), includeUsage);
            return;
        }
        if (reply.Malformed)
        {
            await WriteRawAsync(context, """{"id":"chatcmpl-broken","choices":[{"message":""");
            return;
        }
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            })]);
        }
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = json["model"]!.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = reply.ToolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = FakeOpenAiStream.Usage(reply),
        });
    }

    /// <summary>Records the request, applies delay/auth/scripted errors; null means the answer is already sent.</summary>
    private async Task<(string Body, FakeOpenAiReply? Reply)> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new FakeOpenAiRequest(context.Request.Path, context.Request.Headers.Authorization.ToString(), body));
        var reply = _replies.TryDequeue(out var next) ? next : new FakeOpenAiReply();
        if (reply.FirstByteDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.FirstByteDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return (body, null);
            }
        }
        if (context.Request.Headers.Authorization != "Bearer " + ApiKey)
        {
            reply = FakeOpenAiReply.Error(401, "invalid_request_error", "Incorrect API key provided.");
        }
        if (reply.Status != 200)
        {
            if (reply.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            context.Response.StatusCode = reply.Status;
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = reply.ErrorMessage, ["type"] = reply.ErrorType, ["param"] = null, ["code"] = null },
            });
            return (body, null);
        }
        return (body, reply);
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
