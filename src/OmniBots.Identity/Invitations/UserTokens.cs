using Npgsql;
using OmniBots.Identity.Authentication;

namespace OmniBots.Identity.Invitations;

/// <summary>What a mailed token is for, its lifetime and its prefix.</summary>
internal sealed record UserTokenPurpose(string Name, string Prefix, TimeSpan Lifetime)
{
    public static readonly UserTokenPurpose Invitation = new("invitation", "ob_inv_", TimeSpan.FromDays(7));
    public static readonly UserTokenPurpose PasswordReset = new("password_reset", "ob_pwr_", TimeSpan.FromHours(1));
}

/// <summary>
/// Single-use tokens mailed to users: <c>&lt;prefix&gt;&lt;tenant id, 32 hex&gt;_&lt;256 random bits&gt;</c>.
/// The tenant part only says which tenant's connection to look on (like refresh tokens); the
/// secret is stored as SHA-256. Issuing a token kills the user's earlier ones of the same purpose.
/// </summary>
internal sealed class UserTokens(TimeProvider time)
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(
        NpgsqlConnection connection, Guid tenantId, Guid userId, UserTokenPurpose purpose, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var secret = OpaqueSecrets.NewSecret();
        var expires = now + purpose.Lifetime;
        await using var command = new NpgsqlCommand("""
            UPDATE identity.user_tokens SET used_at = @now WHERE user_id = @user AND purpose = @purpose AND used_at IS NULL;
            INSERT INTO identity.user_tokens (tenant_id, user_id, purpose, token_hash, created_at, expires_at)
            VALUES (@tenant, @user, @purpose, @hash, @now, @expires)
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("purpose", purpose.Name);
        command.Parameters.AddWithValue("hash", OpaqueSecrets.Hash(secret));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", expires);
        await command.ExecuteNonQueryAsync(ct);
        return ($"{purpose.Prefix}{tenantId:N}_{secret}", expires);
    }

    // Not named TryParse: minimal APIs would take this class for a bindable parameter type.
    public static bool TryRead(string? token, UserTokenPurpose purpose, out Guid tenantId, out byte[] hash)
    {
        tenantId = Guid.Empty;
        hash = [];
        if (token is null || !token.StartsWith(purpose.Prefix, StringComparison.Ordinal) || token.Length != purpose.Prefix.Length + 32 + 1 + 43)
        {
            return false;
        }
        var rest = token.AsSpan(purpose.Prefix.Length);
        if (rest[32] != '_' || !Guid.TryParseExact(rest[..32], "N", out tenantId) || !OpaqueSecrets.LooksLikeSecret(rest[33..]))
        {
            return false;
        }
        hash = OpaqueSecrets.Hash(rest[33..].ToString());
        return true;
    }

    /// <summary>Marks the token used and returns its user, or null when it is unknown, used or expired.
    /// Call inside the transaction that acts on it: a rollback leaves it usable.</summary>
    public async Task<Guid?> ConsumeAsync(NpgsqlConnection connection, byte[] hash, UserTokenPurpose purpose, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE identity.user_tokens SET used_at = @now
            WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
            RETURNING user_id
            """, connection);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("purpose", purpose.Name);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is Guid user ? user : null;
    }
}
