using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace OmniBots.Identity.Tests.Mfa;

/// <summary>An independent RFC 6238 implementation, as an authenticator app would compute codes.</summary>
public static class TestTotp
{
    public static string Code(string base32Secret, DateTimeOffset time)
    {
        var key = FromBase32(base32Secret);
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, time.ToUnixTimeSeconds() / 30);
#pragma warning disable CA5350 // RFC 6238's default algorithm, as authenticator apps use it.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)((buffer >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
