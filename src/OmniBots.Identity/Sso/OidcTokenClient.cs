using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;

namespace OmniBots.Identity.Sso;

internal sealed record OidcTokenResponse([property: JsonPropertyName("id_token")] string? IdToken);

/// <summary>Redeems an authorization code at the provider's token endpoint (client_secret_post, or basic when that is all the provider supports).</summary>
internal sealed class OidcTokenClient(IHttpClientFactory http)
{
    public async Task<string?> RedeemAsync(OidcDiscovery discovery, string clientId, string clientSecret, string code, SsoFlow flow, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = flow.RedirectUri,
            ["code_verifier"] = flow.CodeVerifier,
            ["client_id"] = clientId,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(discovery.TokenEndpoint));
        var basicOnly = discovery.TokenEndpointAuthMethods is { Length: > 0 } methods
            && methods.Contains("client_secret_basic", StringComparer.Ordinal) && !methods.Contains("client_secret_post", StringComparer.Ordinal);
        if (basicOnly)
        {
            // RFC 6749 2.3.1: each part form-url-encoded before base64.
            var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_secret"] = clientSecret;
        }
        request.Content = new FormUrlEncodedContent(form);
        using var response = await http.CreateClient(OidcMetadata.HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        return (await response.Content.ReadFromJsonAsync<OidcTokenResponse>(ct))?.IdToken;
    }
}
