using System.Buffers.Text;
using System.Security.Cryptography;
using OmniBots.Platform.Secrets;

namespace OmniBots.Channels.Webhooks;

/// <summary>Signing secrets: <c>whsec_</c> and 32 random bytes, protected at rest per tenant and per subscription
/// (the purpose names the subscription, so a protected value copied onto another row does not read).</summary>
internal static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    public static string Create() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Purpose(Guid subscriptionId) => $"channels.webhook:{subscriptionId}";

    public static string Protect(ISecretProtector protector, Guid subscriptionId, string secret) => protector.Protect(Purpose(subscriptionId), secret);

    public static string Unprotect(ISecretProtector protector, Guid subscriptionId, string protectedValue) =>
        protector.Unprotect(Purpose(subscriptionId), protectedValue);
}
