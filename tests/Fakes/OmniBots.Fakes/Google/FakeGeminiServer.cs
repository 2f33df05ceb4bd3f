using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>
/// Google's Gemini API and Vertex AI on 127.0.0.1:0, in their documented wire format, plus an OAuth token endpoint.
/// Gemini API (<see cref="GeminiBaseUrl"/>, <c>x-goog-api-key: {ApiKey}</c>): <c>POST models/{m}:generateContent</c>,
/// <c>:streamGenerateContent?alt=sse</c>, <c>:batchEmbedContents</c>; a wrong key gets Google's 400 API_KEY_INVALID.
/// Vertex AI (<see cref="VertexBaseUrl"/>, <c>Authorization: Bearer</c> a token <see cref="Tokens"/> issued and not yet
/// expired, else 401 UNAUTHENTICATED): <c>POST projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent</c>,
/// <c>:streamGenerateContent?alt=sse</c>, <c>:predict</c>. Replies are scripted with <see cref="Enqueue"/>.
/// </summary>
public sealed partial class FakeGeminiServer : IAsyncDisposable
{
    public const string ApiKey = "AIza-fake-gemini-test-key";
    private readonly ConcurrentQueue<FakeGeminiReply> _replies = new();
    private WebApplication? _app;

    private FakeGeminiServer(TimeProvider time) => Tokens = new FakeGoogleTokenEndpoint(time);

    /// <summary>Ends with <c>/v1beta/</c>.</summary>
    public Uri GeminiBaseUrl { get; private set; } = null!;
    /// <summary>Ends with <c>/v1/</c> (stands for <c>https://{location}-aiplatform.googleapis.com/v1/</c>).</summary>
    public Uri VertexBaseUrl { get; private set; } = null!;
    public FakeGoogleTokenEndpoint Tokens { get; }
    /// <summary>Generate and embed requests (token requests are counted by <see cref="Tokens"/>).</summary>
    public ConcurrentQueue<FakeGeminiRequest> Requests { get; } = new();

    /// <param name="time">The clock the token endpoint checks JWTs and token expiry against; the system clock by default.</param>
    public static async Task<FakeGeminiServer> StartAsync(TimeProvider? time = null)
    {
        var server = new FakeGeminiServer(time ?? TimeProvider.System);
        (server._app, var root) = await FakeHttpHost.StartAsync(app =>
        {
            app.MapPost("/v1beta/models/{target}", (HttpContext c, string target) => server.HandleAsync(c, target, vertex: false));
            app.MapPost("/v1/projects/{project}/locations/{location}/publishers/google/models/{target}", (HttpContext c, string target) => server.HandleAsync(c, target, vertex: true));
            app.MapPost("/token", server.Tokens.HandleAsync);
        });
        server.GeminiBaseUrl = new Uri(root, "v1beta/");
        server.VertexBaseUrl = new Uri(root, "v1/");
        server.Tokens.TokenUri = new Uri(root, "token");
        return server;
    }

    public void Enqueue(FakeGeminiReply reply) => _replies.Enqueue(reply);

    /// <summary>A new service-account key whose public key the token endpoint trusts.</summary>
    public FakeServiceAccount CreateServiceAccount(string projectId = "fake-project")
    {
        var (account, publicKey) = FakeServiceAccount.Create(Tokens.TokenUri, projectId);
        Tokens.Trust(account.ClientEmail, publicKey);
        return account;
    }

    /// <summary>A well-formed key for an account the token endpoint has never heard of (Google: invalid_grant).</summary>
    public FakeServiceAccount CreateUntrustedServiceAccount(string projectId = "fake-project") =>
        FakeServiceAccount.Create(Tokens.TokenUri, projectId).Account;

    /// <summary>The JSON body of the last generate or embed request.</summary>
    public JsonNode LastBody => JsonNode.Parse(Requests.Last().Body)!;

    private async Task HandleAsync(HttpContext context, string target, bool vertex)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = context.Request;
        Requests.Enqueue(new FakeGeminiRequest(request.Path, request.QueryString.Value ?? "", request.Headers["x-goog-api-key"].FirstOrDefault(), request.Headers.Authorization.FirstOrDefault(), body));
        var reply = _replies.TryDequeue(out var next) ? next : new FakeGeminiReply();
        if (!await FakeHttpHost.DelayFirstByteAsync(context, reply.FirstByteDelay))
        {
            return;
        }
        if (AuthenticationFailure(context, vertex) is { } refused)
        {
            reply = refused;
        }
        if (reply.Status != 200)
        {
            await FakeGeminiWire.WriteErrorAsync(context, reply);
            return;
        }
        var colon = target.LastIndexOf(':');
        var (model, method) = colon < 0 ? (target, "") : (target[..colon], target[(colon + 1)..]);
        var json = JsonNode.Parse(body)!;
        switch (method)
        {
            case "generateContent":
                await FakeGeminiWire.WriteResponseAsync(context, reply, model);
                break;
            case "streamGenerateContent" when request.Query["alt"] == "sse":
                await FakeGeminiWire.WriteStreamAsync(context, reply, model);
                break;
            case "batchEmbedContents" when !vertex:
                await FakeGeminiWire.WriteBatchEmbeddingsAsync(context, reply, model, json);
                break;
            case "predict" when vertex:
                await FakeGeminiWire.WritePredictionsAsync(context, reply, json);
                break;
            default:
                await FakeGeminiWire.WriteErrorAsync(context, FakeGeminiReply.Error(404, "NOT_FOUND", $"Method '{method}' is not found for this path (alt={request.Query["alt"]})."));
                break;
        }
    }

    private FakeGeminiReply? AuthenticationFailure(HttpContext context, bool vertex)
    {
        if (!vertex)
        {
            // The Gemini API answers a bad key with 400, not 401, and says why in an ErrorInfo detail.
            return context.Request.Headers["x-goog-api-key"] == ApiKey ? null
                : FakeGeminiReply.Error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.") with { ErrorReason = "API_KEY_INVALID" };
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) && Tokens.IsValid(authorization["Bearer ".Length..]) ? null
            : FakeGeminiReply.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
