using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.AzureOpenAi;

/// <summary>
/// Microsoft Entra ID client-credentials tokens for Azure OpenAI (<c>POST {authority}/{tenant}/oauth2/v2.0/token</c>,
/// scope <c>https://cognitiveservices.azure.com/.default</c>). One instance per app registration, shared by every
/// adapter for it, so a token is fetched once and reused until shortly before <c>expires_in</c> runs out.
/// </summary>
internal sealed class EntraTokenSource(HttpClient http, Uri authority, string tenantId, string clientId, string clientSecret, TimeProvider time) : IDisposable
{
    public const string Scope = "https://cognitiveservices.azure.com/.default";
    public static readonly Uri DefaultAuthority = new("https://login.microsoftonline.com/");
    private readonly CachedAccessToken _token = new(time);

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => _token.GetAsync(FetchAsync, cancellationToken);

    private async Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(ConnectionRules.AsDirectory(authority), $"{Uri.EscapeDataString(tenantId)}/oauth2/v2.0/token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["scope"] = Scope,
        });
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(uri, form, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(LlmErrorKind.ServerError, "The Entra ID token endpoint could not be reached: " + ex.Message, ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (!response.IsSuccessStatusCode)
                {
                    var error = $"Entra ID refused the client credentials ({(int)response.StatusCode}): {Text(root, "error")}: {Text(root, "error_description")}";
                    // The identity service failing is transient; a refusal (bad secret, tenant, scope) is not.
                    throw new LlmProviderException((int)response.StatusCode >= 500 ? LlmErrorKind.ServerError : LlmErrorKind.Unauthorized, error)
                    {
                        StatusCode = (int)response.StatusCode,
                    };
                }
                var lifetime = TimeSpan.FromSeconds(root.GetProperty("expires_in") is { ValueKind: JsonValueKind.String } s
                    ? double.Parse(s.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : root.GetProperty("expires_in").GetDouble());
                return (root.GetProperty("access_token").GetString()!, lifetime);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new LlmProviderException(response.IsSuccessStatusCode ? LlmErrorKind.MalformedResponse : LlmErrorKind.Unauthorized,
                    $"The Entra ID token endpoint answered {(int)response.StatusCode} with an unreadable body: " + ex.Message, ex);
            }
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public void Dispose() => _token.Dispose();
}
