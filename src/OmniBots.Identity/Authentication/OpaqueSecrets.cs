using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OmniBots.Identity.Authentication;

/// <summary>
/// Random secrets handed to clients once (refresh tokens, API keys, setup links) and the hashes
/// stored instead of them. SHA-256 is enough: the secrets carry 256 random bits, so there is nothing
/// to guess, and a fast hash keeps per-request lookups cheap.
/// </summary>
internal static class OpaqueSecrets
{
    public const int SecretBytes = 32;

    /// <summary>256 random bits as base64url (43 characters, may contain '-' and '_').</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>True when <paramref name="secret"/> has the shape <see cref="NewSecret"/> produces.</summary>
    public static bool LooksLikeSecret(ReadOnlySpan<char> secret)
    {
        if (secret.Length != 43)
        {
            return false;
        }
        foreach (var c in secret)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Compares hashes in constant time.</summary>
    public static bool SameHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => CryptographicOperations.FixedTimeEquals(left, right);
}
