using System.Security.Cryptography;

namespace OmniBots.Gateway.Keys;

/// <summary>
/// <c>obk-&lt;prefix&gt;&lt;secret&gt;</c>: a 12-character public prefix (lower-case letters and digits; finds the key
/// and names it in lists) and a 256-bit secret (43 characters of base64url). Fixed lengths, so no separator
/// is needed and base64url's '-' and '_' cannot confuse parsing.
/// </summary>
internal static class VirtualKeyFormat
{
    public const int PrefixLength = 12;
    private const int SecretLength = 43;
    private const string Start = "obk-";
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly System.Buffers.SearchValues<char> PrefixCharacters = System.Buffers.SearchValues.Create(PrefixAlphabet);

    public static (string Prefix, string Key, byte[] SecretHash) Create()
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (prefix, Start + prefix + secret, Hash(secret));
    }

    public static bool TryParse(ReadOnlySpan<char> key, out string prefix, out byte[] secretHash)
    {
        prefix = "";
        secretHash = [];
        key = key.Trim();
        if (key.Length != Start.Length + PrefixLength + SecretLength || !key.StartsWith(Start, StringComparison.Ordinal))
        {
            return false;
        }
        var prefixSpan = key.Slice(Start.Length, PrefixLength);
        if (prefixSpan.ContainsAnyExcept(PrefixCharacters))
        {
            return false;
        }
        prefix = prefixSpan.ToString();
        secretHash = Hash(key[(Start.Length + PrefixLength)..]);
        return true;
    }

    private static byte[] Hash(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[secret.Length * 3];
        var length = System.Text.Encoding.UTF8.GetBytes(secret, utf8);
        return SHA256.HashData(utf8[..length]);
    }
}
