using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OmniBots.Identity.Authentication;

namespace OmniBots.Identity.Mfa;

/// <summary>
/// The secrets MFA hands out and how they are looked up. Tickets and device tokens name their tenant
/// (it only says which tenant-confined connection to search; it proves nothing) and carry 256 random
/// bits. Recovery codes carry 80 random bits, enough that their SHA-256 cannot be reversed by search,
/// in a form people can type.
/// </summary>
internal static class MfaSecrets
{
    public const string TicketPrefix = "ob_mfa_";
    public const string DevicePrefix = "ob_dev_";
    public const int RecoveryCodeCount = 10;
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static string NewTicket(Guid tenantId) => TicketPrefix + tenantId.ToString("N") + "_" + OpaqueSecrets.NewSecret();

    public static string NewDeviceToken(Guid tenantId) => DevicePrefix + tenantId.ToString("N") + "_" + OpaqueSecrets.NewSecret();

    /// <summary>The tenant a ticket or device token names, when it has the right shape.</summary>
    public static Guid? TenantOf(string? token, string prefix)
    {
        if (token is null || token.Length != prefix.Length + 32 + 1 + 43 || !token.StartsWith(prefix, StringComparison.Ordinal)
            || token[prefix.Length + 32] != '_' || !OpaqueSecrets.LooksLikeSecret(token.AsSpan(prefix.Length + 33)))
        {
            return null;
        }
        return Guid.TryParseExact(token.AsSpan(prefix.Length, 32), "N", out var id) ? id : null;
    }

    /// <summary>Four groups of four characters from an alphabet without look-alikes (31^16 ≈ 2^79).</summary>
    public static string NewRecoveryCode()
    {
        var builder = new StringBuilder(19);
        for (var i = 0; i < 16; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                builder.Append('-');
            }
            builder.Append(RecoveryAlphabet[RandomNumberGenerator.GetInt32(RecoveryAlphabet.Length)]);
        }
        return builder.ToString();
    }

    /// <summary>Hashes the code as typed, ignoring case, spaces and dashes.</summary>
    public static byte[] HashRecoveryCode(string code)
    {
        var normalised = new string([.. code.Where(char.IsAsciiLetterOrDigit).Select(c => char.ToLower(c, CultureInfo.InvariantCulture))]);
        return SHA256.HashData(Encoding.UTF8.GetBytes(normalised));
    }
}
