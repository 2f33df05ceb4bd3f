using System.Buffers.Text;
using System.Security.Cryptography;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Users;

/// <summary>Creates an active user with a random temporary password (shown once) that must be changed at first sign-in.</summary>
internal sealed class TemporaryPasswords(TenantDatabase database, SignIn.Passwords passwords, TimeProvider time)
{
    public async Task<(Guid? UserId, CreationFailure Failure, string[] UnknownRoles, string? Password)> CreateAsync(Guid tenantId, NewUser user, CancellationToken ct)
    {
        // 128 random bits, base64url: 22 characters, never on the common-password list.
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (id, failure, unknown) = await UserCreation.InsertAsync(connection, tenantId, user, "active", passwords.Hash(password), true, time.GetUtcNow(), ct);
        if (id is null)
        {
            return (null, failure, unknown, null);
        }
        await transaction.CommitAsync(ct);
        return (id, CreationFailure.None, [], password);
    }
}
