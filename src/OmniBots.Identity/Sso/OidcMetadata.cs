using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace OmniBots.Identity.Sso;

internal sealed record OidcDiscovery(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] string[]? TokenEndpointAuthMethods);

internal sealed record Jwk(
    [property: JsonPropertyName("kty")] string? Kty,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("use")] string? Use,
    [property: JsonPropertyName("n")] string? N,
    [property: JsonPropertyName("e")] string? E);

internal sealed record JwkSet([property: JsonPropertyName("keys")] Jwk[] Keys);

/// <summary>
/// Discovery documents and signing keys of providers, cached per replica (an hour for discovery;
/// keys until a token names a kid the cache lacks, which is how providers roll keys, refetched at
/// most once a minute so forged kids cannot make us hammer the provider).
/// </summary>
internal sealed class OidcMetadata(IHttpClientFactory http, TimeProvider time)
{
    public const string HttpClientName = "OmniBots.Sso";
    private static readonly TimeSpan DiscoveryLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan KeyRefetchInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (OidcDiscovery Document, DateTimeOffset At)> _discovery = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Dictionary<string, RSAParameters> Keys, DateTimeOffset At)> _keys = new(StringComparer.Ordinal);

    public async Task<OidcDiscovery> DiscoverAsync(string discoveryUrl, CancellationToken ct)
    {
        if (_discovery.TryGetValue(discoveryUrl, out var cached) && time.GetUtcNow() - cached.At < DiscoveryLifetime)
        {
            return cached.Document;
        }
        var document = await http.CreateClient(HttpClientName).GetFromJsonAsync<OidcDiscovery>(new Uri(discoveryUrl), ct)
            ?? throw new InvalidOperationException("Empty discovery document.");
        _discovery[discoveryUrl] = (document, time.GetUtcNow());
        return document;
    }

    /// <summary>The RSA key with this kid, refetching the JWKS once when it is not known.</summary>
    public async Task<RSAParameters?> SigningKeyAsync(string jwksUri, string kid, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_keys.TryGetValue(jwksUri, out var cached) && (cached.Keys.TryGetValue(kid, out var key) || now - cached.At < KeyRefetchInterval))
        {
            return cached.Keys.TryGetValue(kid, out key) ? key : null;
        }
        var set = await http.CreateClient(HttpClientName).GetFromJsonAsync<JwkSet>(new Uri(jwksUri), ct);
        var keys = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
        foreach (var jwk in set?.Keys ?? [])
        {
            if (jwk is { Kty: "RSA", Kid: { } id, N: { } n, E: { } e } && jwk.Use is null or "sig")
            {
                keys[id] = new RSAParameters { Modulus = WebEncoders.Base64UrlDecode(n), Exponent = WebEncoders.Base64UrlDecode(e) };
            }
        }
        _keys[jwksUri] = (keys, now);
        return keys.TryGetValue(kid, out var found) ? found : null;
    }
}
