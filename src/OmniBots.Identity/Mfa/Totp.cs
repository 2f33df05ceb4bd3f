using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmniBots.Identity.Mfa;

/// <summary>
/// RFC 6238 time-based one-time passwords as authenticator apps compute them by default: HMAC-SHA1,
/// 30 second steps, 6 digits, the secret shown as base32 (RFC 4648, no padding).
/// </summary>
internal static class Totp
{
    public const int StepSeconds = 30;
    public const int SecretBytes = 20;
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        // Authenticator apps default to (and many only support) HMAC-SHA1; as an HMAC it is not weakened
        // by SHA-1's collision attacks, which is why RFC 6238 still uses it.
#pragma warning disable CA5350
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The step (now, one before or one after) whose code this is, later than <paramref name="lastStep"/>; null when none.</summary>
    public static long? Match(byte[] secret, string code, DateTimeOffset now, long? lastStep)
    {
        var current = StepAt(now);
        long? matched = null;
        // Every candidate is computed and compared in constant time, so timing says nothing about which step matched.
        for (var step = current - 1; step <= current + 1; step++)
        {
            var same = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, step)), Encoding.ASCII.GetBytes(code));
            if (same && (lastStep is null || step > lastStep) && matched is null)
            {
                matched = step;
            }
        }
        return matched;
    }

    public static string ToBase32(byte[] data)
    {
        var builder = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            builder.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return builder.ToString();
    }

    public static byte[] FromBase32(string text)
    {
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            var value = Base32Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("Not base32.");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)((buffer >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }
        return [.. output];
    }

    /// <summary>The URI authenticator apps read from the QR code.</summary>
    public static string Uri(string email, string base32Secret)
        => $"otpauth://totp/OmniBots:{System.Uri.EscapeDataString(email)}?secret={base32Secret}&issuer=OmniBots&algorithm=SHA1&digits=6&period={StepSeconds}";
}
