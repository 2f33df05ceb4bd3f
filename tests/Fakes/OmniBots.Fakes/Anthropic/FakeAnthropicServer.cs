using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes.Anthropic;

/// <summary>
/// Anthropic's Messages API on 127.0.0.1:0 in the documented wire format: <c>POST /v1/messages</c> answers a
/// Message object, or SSE events when <c>"stream": true</c>. It checks <c>x-api-key</c> (401
/// authentication_error) and <c>anthropic-version</c> (400) and validates the request shape as the API does
/// (<see cref="FakeAnthropicValidator"/>). Replies are scripted with <see cref="Enqueue"/>; with none queued it
/// answers <see cref="FakeAnthropicReply"/>'s defaults.
/// </summary>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    public const string ApiKey = "sk-ant-fake-test-key";

    /// <summary>Anthropic writes backticks and quotes in messages unescaped; System.Text.Json's default encoder would not.</summary>
    internal static readonly JsonSerializerOptions Wire = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ConcurrentQueue<FakeAnthropicReply> _replies = new();
    private WebApplication? _app;

    /// <summary>The API root, ending with <c>/v1/</c>, as a client's base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<FakeAnthropicRequest> Requests { get; } = new();

    public static async Task<FakeAnthropicServer> StartAsync()
    {
        var server = new FakeAnthropicServer();
        (server._app, var root) = await FakeHttpHost.StartAsync(app => app.MapPost("/v1/messages", server.MessagesAsync));
        server.BaseUrl = new Uri(root, "v1/");
        return server;
    }

    public void Enqueue(FakeAnthropicReply reply) => _replies.Enqueue(reply);

    /// <summary>The JSON body of the last request, for assertions on what the adapter sent.</summary>
    public JsonNode LastBody => JsonNode.Parse(Requests.Last().Body)!;

    private async Task MessagesAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers;
        Requests.Enqueue(new FakeAnthropicRequest(context.Request.Path, headers["x-api-key"], headers["anthropic-version"], context.Request.ContentType, body));
        var reply = _replies.TryDequeue(out var next) ? next : new FakeAnthropicReply();
        if (!await FakeHttpHost.DelayFirstByteAsync(context, reply.FirstByteDelay))
        {
            return;
        }
        var refusal = Refusal(context, body);
        if (refusal is not null)
        {
            reply = refusal;
        }
        if (reply.Status != 200)
        {
            await WriteErrorAsync(context, reply);
            return;
        }
        var json = JsonNode.Parse(body)!;
        var model = (string)json["model"]!;
        if ((bool?)json["stream"] == true)
        {
            await FakeAnthropicStream.WriteAsync(context, reply, model);
            return;
        }
        context.Response.ContentType = "application/json";
        if (reply.Malformed)
        {
            await context.Response.WriteAsync("""{"id":"msg_broken","type":"message","content":[{"type":"text","text":""");
            return;
        }
        await context.Response.WriteAsync(Message(reply, model).ToJsonString(Wire));
    }

    /// <summary>What the real API refuses before looking at the request: a bad key, no version, a malformed request.</summary>
    private static FakeAnthropicReply? Refusal(HttpContext context, string body)
    {
        if (context.Request.Headers["x-api-key"] != ApiKey)
        {
            return FakeAnthropicReply.Error(401, "authentication_error", "invalid x-api-key");
        }
        if (string.IsNullOrEmpty(context.Request.Headers["anthropic-version"]))
        {
            return FakeAnthropicReply.Error(400, "invalid_request_error", "anthropic-version: header is required");
        }
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return FakeAnthropicReply.Error(400, "invalid_request_error", "content-type: must be application/json");
        }
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return FakeAnthropicReply.Error(400, "invalid_request_error", "There was an issue with the JSON body of your request.");
        }
        return FakeAnthropicValidator.Problem(json) is { } problem ? FakeAnthropicReply.Error(400, "invalid_request_error", problem) : null;
    }

    /// <summary>The Message object; also the shape of message_start's <c>message</c> (with empty content).</summary>
    internal static JsonObject Message(FakeAnthropicReply reply, string model, bool started = false)
    {
        var content = new JsonArray();
        if (!started && reply.Text is not null)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = reply.Text });
        }
        foreach (var use in started ? [] : reply.ToolUses)
        {
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = use.Id, ["name"] = use.Name, ["input"] = JsonNode.Parse(use.InputJson) });
        }
        return new JsonObject
        {
            ["id"] = "msg_01FakeAnthropic",
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = content,
            ["stop_reason"] = started ? null : reply.EffectiveStopReason,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = reply.InputTokens, ["output_tokens"] = started ? 1 : reply.OutputTokens },
        };
    }

    private static async Task WriteErrorAsync(HttpContext context, FakeAnthropicReply reply)
    {
        if (reply.RetryAfter is { } retryAfter)
        {
            context.Response.Headers["retry-after"] = retryAfter;
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ErrorBody(reply).ToJsonString(Wire));
    }

    internal static JsonObject ErrorBody(FakeAnthropicReply reply) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = reply.ErrorType, ["message"] = reply.ErrorMessage },
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
