using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace OmniBots.Identity.SignIn;

/// <summary>
/// ASP.NET Core Identity's password hasher (PBKDF2, its current format and iteration count). A
/// missing account is checked against a hash of a random password, so "no such user" costs as much
/// time as "wrong password" and the two cannot be told apart by timing.
/// </summary>
internal sealed class Passwords
{
    private readonly PasswordHasher<Passwords> _hasher = new();
    private readonly string _dummyHash;

    public Passwords() => _dummyHash = _hasher.HashPassword(this, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public string Hash(string password) => _hasher.HashPassword(this, password);

    public PasswordVerificationResult Verify(string? hash, string password)
    {
        if (hash is null)
        {
            _hasher.VerifyHashedPassword(this, _dummyHash, password);
            return PasswordVerificationResult.Failed;
        }
        return _hasher.VerifyHashedPassword(this, hash, password);
    }
}
