namespace OmniBots.Platform.Secrets;

/// <summary><see cref="IPlatformSecretProtector"/>: secrets of no tenant, under the platform branch of the purpose chain.</summary>
internal sealed class PlatformSecretProtector(SecretCipher cipher) : IPlatformSecretProtector
{
    public string Protect(string purpose, string plaintext) => SecretCipher.Protect(cipher.ForPlatform(purpose), plaintext);

    public string Unprotect(string purpose, string protectedValue) => SecretCipher.PlaintextOf(purpose, TryUnprotect(purpose, protectedValue));

    public SecretUnprotectResult TryUnprotect(string purpose, string protectedValue) => SecretCipher.TryUnprotect(cipher.ForPlatform(purpose), protectedValue);
}
