using System.Diagnostics.CodeAnalysis;

namespace OmniBots.Platform.Secrets;

/// <summary>
/// Encrypts a tenant's secrets that must be stored (its LLM provider keys, channel credentials,
/// OAuth tokens) with the platform's shared key ring, bound to the tenant of the current scope
/// (<see cref="Tenancy.ITenantContext"/>): a value protected for tenant A cannot be read in tenant B's
/// scope, so a ciphertext copied from one tenant's row into another's is useless. A purpose (e.g.
/// <c>gateway.provider-keys</c>) namespaces the values further, so a value cannot be replayed into a
/// different field. The output is URL-safe text, different on every call. Scoped; every method
/// throws <see cref="Tenancy.TenantRequiredException"/> when the scope has no tenant. Secrets of no
/// tenant use <see cref="IPlatformSecretProtector"/>.
/// </summary>
public interface ISecretProtector
{
    string Protect(string purpose, string plaintext);

    /// <summary>The plaintext; throws <see cref="SecretUnprotectException"/> when the value cannot be read.</summary>
    string Unprotect(string purpose, string protectedValue);

    /// <summary>The plaintext or why it cannot be read, without throwing for an unreadable value.</summary>
    SecretUnprotectResult TryUnprotect(string purpose, string protectedValue);
}

/// <summary>
/// As <see cref="ISecretProtector"/>, for secrets that belong to no tenant: the platform's own LLM
/// provider keys, SSO provider settings. Needs no tenant and is a singleton. Its values and tenant
/// values never read as each other, whatever the purpose.
/// </summary>
public interface IPlatformSecretProtector
{
    string Protect(string purpose, string plaintext);

    /// <summary>The plaintext; throws <see cref="SecretUnprotectException"/> when the value cannot be read.</summary>
    string Unprotect(string purpose, string protectedValue);

    /// <summary>The plaintext or why it cannot be read, without throwing for an unreadable value.</summary>
    SecretUnprotectResult TryUnprotect(string purpose, string protectedValue);
}

public enum SecretUnprotectFailure
{
    None,

    /// <summary>Not a protected value at all (empty, not base64url, too short).</summary>
    Malformed,

    /// <summary>Well-formed but not readable: another purpose or tenant, altered, or protected with a
    /// key this key ring does not hold or has revoked.</summary>
    CannotDecrypt,
}

/// <summary>The outcome of <see cref="ISecretProtector.TryUnprotect"/>. Its text form never shows the plaintext.</summary>
public sealed class SecretUnprotectResult
{
    private SecretUnprotectResult(string? plaintext, SecretUnprotectFailure failure, bool shouldReprotect)
    {
        Plaintext = plaintext;
        Failure = failure;
        ShouldReprotect = shouldReprotect;
    }

    public string? Plaintext { get; }

    public SecretUnprotectFailure Failure { get; }

    /// <summary>Readable, but protected with a key that is no longer the default (it will expire):
    /// protect the plaintext again and store the new value.</summary>
    public bool ShouldReprotect { get; }

    [MemberNotNullWhen(true, nameof(Plaintext))]
    public bool Succeeded => Plaintext is not null;

    internal static SecretUnprotectResult Success(string plaintext, bool shouldReprotect) => new(plaintext, SecretUnprotectFailure.None, shouldReprotect);

    internal static SecretUnprotectResult Failed(SecretUnprotectFailure failure) => new(null, failure, false);

    public override string ToString() => Succeeded ? $"Succeeded (should reprotect: {ShouldReprotect})" : $"Failed: {Failure}";
}

/// <summary>A protected value could not be read. The message names the purpose and the reason, never the value.</summary>
public sealed class SecretUnprotectException(string purpose, SecretUnprotectFailure failure)
    : Exception($"The secret for purpose '{purpose}' cannot be read: {Describe(failure)}")
{
    public string Purpose { get; } = purpose;

    public SecretUnprotectFailure Failure { get; } = failure;

    private static string Describe(SecretUnprotectFailure failure) => failure switch
    {
        SecretUnprotectFailure.Malformed => "it is not a protected value.",
        _ => "it was protected for another purpose or tenant, altered, or protected with a key the key ring does not hold.",
    };
}
