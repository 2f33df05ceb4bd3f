using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace OmniBots.Platform.Secrets;

/// <summary><see cref="ISecretProtector"/> over ASP.NET Core Data Protection (authenticated
/// encryption, AES-256-CBC + HMACSHA256 by default, keys rotated every key lifetime).</summary>
internal sealed class SecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    // Every purpose hangs under this root, so no other user of the key ring (cookies, antiforgery)
    // can produce or read a value of ours, and the version lets a later format coexist.
    private const string RootPurpose = "OmniBots.Secrets.v1";
    private const int MaxPurposeLength = 200;

    private readonly ConcurrentDictionary<string, IPersistedDataProtector> _protectors = new(StringComparer.Ordinal);

    public string Protect(string purpose, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return Base64Url.EncodeToString(For(purpose).Protect(Encoding.UTF8.GetBytes(plaintext)));
    }

    public string Unprotect(string purpose, string protectedValue)
    {
        var result = TryUnprotect(purpose, protectedValue);
        return result.Succeeded ? result.Plaintext : throw new SecretUnprotectException(purpose, result.Failure);
    }

    public SecretUnprotectResult TryUnprotect(string purpose, string protectedValue)
    {
        var protector = For(purpose);
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
            // Data Protection reports a bad header, an unknown or revoked key, another purpose and
            // altered bytes alike; callers only need to know the value cannot be read.
            return SecretUnprotectResult.Failed(SecretUnprotectFailure.CannotDecrypt);
        }
    }

    private IPersistedDataProtector For(string purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > MaxPurposeLength
            || !purpose.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':'))
        {
            throw new ArgumentException(
                $"A secret purpose must be 1-{MaxPurposeLength} letters, digits, '.', '-', '_' or ':' (such as 'gateway.provider-keys').", nameof(purpose));
        }
        return _protectors.GetOrAdd(purpose, p => (IPersistedDataProtector)provider.CreateProtector(RootPurpose, p));
    }
}
