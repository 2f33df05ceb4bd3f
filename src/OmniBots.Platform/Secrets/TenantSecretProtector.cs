using Microsoft.AspNetCore.DataProtection;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Secrets;

/// <summary><see cref="ISecretProtector"/> bound to the scope's tenant. The tenant is read at each call,
/// not at construction, because the scope may be resolved before the request's principal (or the
/// job runner) sets it.</summary>
internal sealed class TenantSecretProtector(SecretCipher cipher, ITenantContext tenant) : ISecretProtector
{
    public string Protect(string purpose, string plaintext) => SecretCipher.Protect(For(purpose), plaintext);

    public string Unprotect(string purpose, string protectedValue) => SecretCipher.PlaintextOf(purpose, TryUnprotect(purpose, protectedValue));

    public SecretUnprotectResult TryUnprotect(string purpose, string protectedValue) => SecretCipher.TryUnprotect(For(purpose), protectedValue);

    private IPersistedDataProtector For(string purpose)
        => cipher.ForTenant(tenant.TenantId ?? throw new TenantRequiredException(), purpose);
}
