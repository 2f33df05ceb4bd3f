using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Fakes;

/// <summary>What the next ID token says, and how it may be spoiled, for tests of token validation.</summary>
public sealed record FakeIdTokenOptions
{
    public string Email { get; init; } = "user@example.com";
    public string? Audience { get; init; }
    public string? Issuer { get; init; }
    public string? Nonce { get; init; }
    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromMinutes(5);
    public bool SignWithUnknownKey { get; init; }
    public bool CorruptSignature { get; init; }
}

/// <summary>
/// An OpenID Connect provider on 127.0.0.1:0: discovery, <c>/authorize</c> (signs in whoever asks
/// and redirects back with a code and the state), <c>/token</c> (checks the client secret, PKCE
/// S256 verifier and redirect URI; each code once) and <c>/jwks</c>. ID tokens are RS256-signed.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string KeyId = "fake-key-1";
    private static readonly string[] ResponseTypes = ["code"];
    private static readonly string[] Algorithms = ["RS256"];
    private static readonly string[] ChallengeMethods = ["S256"];
    private static readonly string[] AuthMethods = ["client_secret_post", "client_secret_basic"];
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private sealed record PendingCode(string ClientId, string RedirectUri, string Challenge, string? Nonce);

    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }

    /// <summary>Set by the test before each sign-in.</summary>
    public FakeIdTokenOptions NextToken { get; set; } = new();

    public Uri BaseAddress { get; private set; } = null!;
    public string Issuer => BaseAddress.ToString().TrimEnd('/');

    /// <summary>Token requests received, for assertions (secrets included: the fake is the provider).</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = ResponseTypes,
            ["id_token_signing_alg_values_supported"] = Algorithms,
            ["code_challenge_methods_supported"] = ChallengeMethods,
            ["token_endpoint_auth_methods_supported"] = AuthMethods,
        }));
        _app.MapGet("/jwks", () =>
        {
            var p = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", kid = KeyId, use = "sig", alg = "RS256", n = WebEncoders.Base64UrlEncode(p.Modulus!), e = WebEncoders.Base64UrlEncode(p.Exponent!) } } });
        });
        _app.MapGet("/authorize", Authorize);
        _app.MapPost("/token", TokenAsync);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) || q["client_id"] != ClientId)
        {
            return Results.BadRequest(new { error = "invalid_request" });
        }
        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new PendingCode(q["client_id"]!, q["redirect_uri"]!, q["code_challenge"]!, q["nonce"]);
        return Results.Redirect(QueryHelpers.AddQueryString(q["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] }));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        TokenRequests.Enqueue(fields);
        var (clientId, secret) = (fields.GetValueOrDefault("client_id"), fields.GetValueOrDefault("client_secret"));
        if (request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            (clientId, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        if (fields.GetValueOrDefault("grant_type") != "authorization_code" || fields.GetValueOrDefault("code") is not { } code || !_codes.TryRemove(code, out var pending)
            || pending.RedirectUri != fields.GetValueOrDefault("redirect_uri")
            || fields.GetValueOrDefault("code_verifier") is not { } verifier
            || WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != pending.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }
        return Results.Json(new { access_token = "fake-access-token", token_type = "Bearer", expires_in = 300, id_token = IdToken(pending) });
    }

    private string IdToken(PendingCode pending)
    {
        var options = NextToken;
        var now = DateTimeOffset.UtcNow;
        var header = new { alg = "RS256", typ = "JWT", kid = options.SignWithUnknownKey ? "unknown-key" : KeyId };
        var payload = new Dictionary<string, object?>
        {
            ["iss"] = options.Issuer ?? Issuer,
            ["sub"] = "sub-" + options.Email,
            ["aud"] = options.Audience ?? pending.ClientId,
            ["exp"] = (now + options.ExpiresIn).ToUnixTimeSeconds(),
            ["iat"] = (now + options.ExpiresIn - TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
            ["nonce"] = options.Nonce ?? pending.Nonce,
            ["email"] = options.Email,
            ["email_verified"] = true,
        };
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = (options.SignWithUnknownKey ? _otherKey : _key).SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (options.CorruptSignature)
        {
            signature[10] ^= 0xff;
        }
        return signingInput + "." + WebEncoders.Base64UrlEncode(signature);
    }

    private static string Encode(object value) => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(value));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _key.Dispose();
        _otherKey.Dispose();
    }
}
