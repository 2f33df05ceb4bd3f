using System.Security.Cryptography;
using OmniBots.Identity.Authentication;

namespace OmniBots.Identity.ApiKeys;

/// <summary>
/// <c>ob_&lt;prefix&gt;_&lt;secret&gt;</c>: a 12-character public prefix (lower-case letters and
/// digits; finds the key and names it in lists) and a 256-bit secret (base64url).
/// </summary>
internal static class ApiKeyFormat
{
    public const int PrefixLength = 12;
    private const string Start = "ob_";
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static (string Prefix, string Secret, string Key) Create()
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var secret = OpaqueSecrets.NewSecret();
        return (prefix, secret, $"{Start}{prefix}_{secret}");
    }

    public static bool TryParse(string key, out string prefix, out string secret)
    {
        prefix = secret = "";
        var span = key.AsSpan().Trim();
        if (!span.StartsWith(Start, StringComparison.Ordinal) || span.Length != Start.Length + PrefixLength + 1 + 43
            || span[Start.Length + PrefixLength] != '_')
        {
            return false;
        }
        var prefixSpan = span.Slice(Start.Length, PrefixLength);
        var secretSpan = span[(Start.Length + PrefixLength + 1)..];
        foreach (var c in prefixSpan)
        {
            if (!PrefixAlphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }
        if (!OpaqueSecrets.LooksLikeSecret(secretSpan))
        {
            return false;
        }
        prefix = prefixSpan.ToString();
        secret = secretSpan.ToString();
        return true;
    }
}
