using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace OmniBots.Fakes;

/// <summary>
/// A Google service-account key file made at runtime: a fresh 2048-bit RSA key, its PKCS#8 PEM in
/// <c>private_key</c>, and <c>token_uri</c> pointing at the fake's token endpoint. <see cref="Json"/> is what an
/// operator would paste as the endpoint's credentials.
/// </summary>
public sealed record FakeServiceAccount(string Json, string ClientEmail, string ProjectId)
{
    internal static (FakeServiceAccount Account, RSA PublicKey) Create(Uri tokenUri, string projectId, string? clientEmail = null)
    {
        using var rsa = RSA.Create(2048);
        var email = clientEmail ?? $"gateway-{Guid.NewGuid():N}"[..20] + $"@{projectId}.iam.gserviceaccount.com";
        var json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = projectId,
            ["private_key_id"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant(),
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem() + "\n",
            ["client_email"] = email,
            ["client_id"] = "1000000000000000000",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = tokenUri.ToString(),
            ["auth_provider_x509_cert_url"] = "https://www.googleapis.com/oauth2/v1/certs",
            ["universe_domain"] = "googleapis.com",
        };
        var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
        return (new FakeServiceAccount(json.ToJsonString(), email, projectId), publicKey);
    }
}
