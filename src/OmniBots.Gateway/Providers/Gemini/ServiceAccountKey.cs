using System.Security.Cryptography;
using System.Text.Json;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// The fields of a Google service-account key file (<c>"type": "service_account"</c>) that the JWT-bearer grant
/// needs: <c>client_email</c> (the JWT's issuer), <c>private_key</c> (PKCS#8 PEM, signs it), <c>token_uri</c>
/// (where it is exchanged, also its audience), <c>private_key_id</c> (the JWT's <c>kid</c>), <c>project_id</c>.
/// </summary>
internal sealed record ServiceAccountKey(string ClientEmail, string PrivateKeyPem, Uri TokenUri, string? PrivateKeyId, string? ProjectId)
{
    public const string Field = "credentials.service_account_json";

    /// <summary>The key, or every reason it is not usable (each naming the field).</summary>
    public static (ServiceAccountKey? Key, IReadOnlyList<string> Problems) Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, [$"{Field} is required (the service account's JSON key file)"]);
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, [$"{Field} is not JSON: {ex.Message}"]);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [$"{Field} is not a service-account key: it is not a JSON object"]);
        }
        var problems = new List<string>();
        var type = GeminiJson.String(root, "type");
        if (type is not null && type != "service_account")
        {
            problems.Add($"{Field} is not a service-account key: type is '{type}', expected 'service_account'");
        }
        var email = Required(root, "client_email", problems);
        var pem = Required(root, "private_key", problems);
        var tokenUriText = Required(root, "token_uri", problems);
        Uri? tokenUri = null;
        if (tokenUriText is not null && (!Uri.TryCreate(tokenUriText, UriKind.Absolute, out tokenUri) || tokenUri.Scheme is not ("https" or "http")))
        {
            problems.Add($"{Field} is not a service-account key: token_uri '{tokenUriText}' is not an http(s) URL");
        }
        if (pem is not null && !IsRsaKey(pem))
        {
            problems.Add($"{Field} is not a service-account key: private_key is not an RSA private key in PEM form");
        }
        return problems.Count > 0
            ? (null, problems)
            : (new ServiceAccountKey(email!, pem!, tokenUri!, GeminiJson.String(root, "private_key_id"), GeminiJson.String(root, "project_id")), []);
    }

    private static string? Required(JsonElement root, string name, List<string> problems)
    {
        var value = GeminiJson.String(root, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{Field} is not a service-account key: {name} is missing");
        }
        return value;
    }

    private static bool IsRsaKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
