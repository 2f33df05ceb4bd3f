using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// OAuth 2.0 access tokens for a service account by the JWT-bearer grant (RFC 7523, Google's "server to server"
/// flow): an RS256-signed JWT {iss: client_email, scope, aud: token_uri, iat, exp ≤ iat + 1 h} is POSTed to
/// token_uri as <c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&amp;assertion=…</c>; the answer is
/// <c>{access_token, expires_in, token_type}</c>. One token is shared by all calls until <see cref="CachedAccessToken.RefreshMargin"/>
/// before it expires; concurrent callers wait for a single refresh.
/// </summary>
internal sealed class ServiceAccountTokenSource(ServiceAccountKey key, IHttpClientFactory httpClients, string httpClientName, TimeProvider time) : IDisposable
{
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly CachedAccessToken _token = new(time);

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken) =>
        await _token.GetAsync(ct => RequestAsync(SignedAssertion(time.GetUtcNow()), ct), cancellationToken);

    private string SignedAssertion(DateTimeOffset now)
    {
        var headerFields = new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (key.PrivateKeyId is { } kid)
        {
            headerFields["kid"] = kid;
        }
        var header = JsonSerializer.SerializeToUtf8Bytes(headerFields);
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = key.ClientEmail,
            ["scope"] = Scope,
            ["aud"] = key.TokenUri.ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
        });
        var signingInput = Base64Url(header) + "." + Base64Url(claims);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private async Task<(string Token, TimeSpan ExpiresIn)> RequestAsync(string assertion, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = assertion,
        });
        using var message = new HttpRequestMessage(HttpMethod.Post, key.TokenUri) { Content = form };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(httpClientName).SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(LlmErrorKind.ServerError, $"Google's token endpoint {key.TokenUri} could not be reached: " + ex.Message, ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // 5xx is the token service failing (may pass); 4xx is the key or grant being refused (will not).
                var kind = (int)response.StatusCode >= 500 ? LlmErrorKind.ServerError : LlmErrorKind.Unauthorized;
                throw new LlmProviderException(kind, $"Google's token endpoint refused the service account {key.ClientEmail} ({(int)response.StatusCode}): {OAuthError(body)}")
                {
                    StatusCode = (int)response.StatusCode,
                };
            }
            return GeminiJson.Parse(body, "Google's token endpoint", root =>
                (root.GetProperty("access_token").GetString()!, TimeSpan.FromSeconds(root.GetProperty("expires_in").GetInt32())));
        }
    }

    /// <summary>OAuth error responses are <c>{"error": "invalid_grant", "error_description": "…"}</c>.</summary>
    private static string OAuthError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var error = GeminiJson.String(root, "error");
            var description = GeminiJson.String(root, "error_description");
            return error is null ? body : description is null ? error : $"{error}: {description}";
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _token.Dispose();
}
