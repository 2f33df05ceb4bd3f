using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmniBots.Channels.Webhooks;

/// <summary>
/// <c>X-OmniBots-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, the MAC of <c>"&lt;t&gt;.&lt;body&gt;"</c> keyed with
/// the secret's UTF-8 bytes (the whole <c>whsec_…</c> string), as Stripe does: the timestamp is signed with the body,
/// so a receiver that rejects old timestamps is safe from replays. See docs/webhooks.md.
/// </summary>
internal static class WebhookSignature
{
    public static string Header(string secret, long unixSeconds, string body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
