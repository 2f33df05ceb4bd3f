using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>
/// Microsoft Entra ID's v2 token endpoint for the client-credentials grant on 127.0.0.1:0:
/// <c>POST /{tenant}/oauth2/v2.0/token</c> with a form of <c>grant_type=client_credentials</c>, <c>client_id</c>,
/// <c>client_secret</c>, <c>scope</c>. Answers <c>{"token_type":"Bearer","expires_in":…,"access_token":…}</c> or
/// Entra's error body (<c>error</c>, <c>error_description</c> with an AADSTS code, <c>error_codes</c>). Tokens
/// expire by the given <see cref="TimeProvider"/>, so a test can move time past <c>expires_in</c>.
/// </summary>
public sealed class FakeEntraTokenEndpoint : IAsyncDisposable
{
    public const string TenantId = "7f3c1a52-0f4e-4c1b-9a8e-fa4e00000001";
    public const string ClientId = "5d1b6c0e-2a9f-4c7d-8e31-fa4e00000002";
    public const string ClientSecret = "fake~entra~client~secret";
    public const string Scope = "https://cognitiveservices.azure.com/.default";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new();
    private readonly TimeProvider _time;
    private WebApplication? _app;
    private int _tokenRequests;

    private FakeEntraTokenEndpoint(TimeProvider time) => _time = time;

    /// <summary>The authority host, as <c>https://login.microsoftonline.com/</c> would be.</summary>
    public Uri AuthorityHost { get; private set; } = null!;
    /// <summary>The <c>expires_in</c> of tokens issued from now on.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3599);
    /// <summary>Every POST to the token endpoint, refused ones included.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public static async Task<FakeEntraTokenEndpoint> StartAsync(TimeProvider? time = null)
    {
        var endpoint = new FakeEntraTokenEndpoint(time ?? TimeProvider.System);
        (endpoint._app, endpoint.AuthorityHost) = await FakeHttpHost.StartAsync(app =>
            app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext context, string tenant) => endpoint.TokenAsync(context, tenant)));
        return endpoint;
    }

    /// <summary>True for a token this endpoint issued that has not expired.</summary>
    public bool IsValid(string token) => _issued.TryGetValue(token, out var expires) && _time.GetUtcNow() < expires;

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var refusal =
            form["grant_type"] != "client_credentials" ? (400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003)
            : tenant != TenantId ? (400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.", 90002)
            : form["client_id"] != ClientId ? (400, "unauthorized_client", $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory.", 700016)
            : form["client_secret"] != ClientSecret ? (401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.", 7000215)
            : form["scope"] != Scope ? (400, "invalid_scope", $"AADSTS1002012: The provided value for scope {form["scope"]} is not valid.", 1002012)
            : ((int Status, string Error, string Description, int Code)?)null;
        if (refusal is { } r)
        {
            context.Response.StatusCode = r.Status;
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = r.Error,
                ["error_description"] = r.Description,
                ["error_codes"] = new JsonArray(r.Code),
                ["timestamp"] = _time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["trace_id"] = Guid.NewGuid().ToString(),
                ["correlation_id"] = Guid.NewGuid().ToString(),
            });
            return;
        }
        var token = "fake-entra-" + Guid.NewGuid().ToString("N");
        var lifetime = TokenLifetime;
        _issued[token] = _time.GetUtcNow() + lifetime;
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["ext_expires_in"] = (int)lifetime.TotalSeconds,
            ["access_token"] = token,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
