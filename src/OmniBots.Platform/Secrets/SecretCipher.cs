using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace OmniBots.Platform.Secrets;

/// <summary>
/// The encryption behind both protectors: ASP.NET Core Data Protection (authenticated encryption,
/// AES-256-CBC + HMACSHA256 by default, keys rotated every key lifetime). The purpose chain is
/// <c>OmniBots.Secrets.v1 / platform / {purpose}</c> or <c>OmniBots.Secrets.v1 / tenant / {tenant id} / {purpose}</c>;
/// Data Protection derives a distinct subkey for each chain, so a value reads only under the exact
/// chain it was protected with.
/// </summary>
internal sealed class SecretCipher(IDataProtectionProvider provider)
{
    // Every purpose hangs under this root, so no other user of the key ring (cookies, antiforgery)
    // can produce or read a value of ours, and the version lets a later format coexist.
    private const string RootPurpose = "OmniBots.Secrets.v1";
    private const int MaxPurposeLength = 200;

    // Platform and tenant values live on separate branches, so no choice of purpose name makes
    // one readable as the other.
    private readonly IDataProtector _platform = provider.CreateProtector(RootPurpose, "platform");
    private readonly IDataProtector _tenants = provider.CreateProtector(RootPurpose, "tenant");
    private readonly ConcurrentDictionary<string, IPersistedDataProtector> _platformPurposes = new(StringComparer.Ordinal);

    public IPersistedDataProtector ForPlatform(string purpose)
    {
        CheckPurpose(purpose);
        return _platformPurposes.GetOrAdd(purpose, p => (IPersistedDataProtector)_platform.CreateProtector(p));
    }

    /// <summary>Made per call rather than cached: a cache keyed by tenant and purpose would grow with
    /// the number of tenants, and making a protector is cheap next to encrypting.</summary>
    public IPersistedDataProtector ForTenant(Guid tenantId, string purpose)
    {
        CheckPurpose(purpose);
        return (IPersistedDataProtector)_tenants.CreateProtector(tenantId.ToString("D"), purpose);
    }

    public static string Protect(IPersistedDataProtector protector, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return Base64Url.EncodeToString(protector.Protect(Encoding.UTF8.GetBytes(plaintext)));
    }

    public static SecretUnprotectResult TryUnprotect(IPersistedDataProtector protector, string protectedValue)
    {
        if (string.IsNullOrEmpty(protectedValue) || !Base64Url.IsValid(protectedValue))
        {
            return SecretUnprotectResult.Failed(SecretUnprotectFailure.Malformed);
        }
        try
        {
            // The "dangerous" overload only adds the out flags; revoked keys are still refused.
            var plaintext = protector.DangerousUnprotect(Base64Url.DecodeFromChars(protectedValue),
                ignoreRevocationErrors: false, out var requiresMigration, out _);
            return SecretUnprotectResult.Success(Encoding.UTF8.GetString(plaintext), requiresMigration);
        }
        catch (CryptographicException)
        {
            // Data Protection reports a bad header, an unknown or revoked key, another purpose or
            // tenant and altered bytes alike; callers only need to know the value cannot be read.
            return SecretUnprotectResult.Failed(SecretUnprotectFailure.CannotDecrypt);
        }
    }

    public static string PlaintextOf(string purpose, SecretUnprotectResult result)
        => result.Succeeded ? result.Plaintext : throw new SecretUnprotectException(purpose, result.Failure);

    private static void CheckPurpose(string purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > MaxPurposeLength
            || !purpose.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':'))
        {
            throw new ArgumentException(
                $"A secret purpose must be 1-{MaxPurposeLength} letters, digits, '.', '-', '_' or ':' (such as 'gateway.provider-keys').", nameof(purpose));
        }
    }
}
