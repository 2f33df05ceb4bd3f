using Npgsql;
using OmniBots.Identity.Sessions;

namespace OmniBots.Identity.Tokens;

internal sealed record IssuedRefreshToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>What presenting a refresh token did.</summary>
internal abstract record RotationOutcome
{
    public sealed record Rotated(SessionClaims Session, IssuedRefreshToken RefreshToken) : RotationOutcome;

    /// <summary>The token had been used already: whoever holds the family is not trusted, the session is revoked.</summary>
    public sealed record Reused : RotationOutcome;

    public sealed record Refused(string Reason) : RotationOutcome;
}

/// <summary>
/// Rotating refresh tokens: each is single-use and replaced by a new one of the same family (the
/// session). The session row is locked while a token is checked, so two presentations of one token
/// cannot both succeed: the second sees it used and revokes the family.
/// </summary>
internal sealed class RefreshTokenStore(AccountConnections connections, SessionRevoker revoker, ActivityThrottle throttle, TimeProvider time)
{
    /// <summary>A refresh token lives as long as the session may sit idle, and never past the session's end.</summary>
    public async Task<IssuedRefreshToken> IssueAsync(NpgsqlConnection connection, Guid? tenantId, Guid sessionId, int idleTimeoutMinutes, DateTimeOffset sessionExpiresAt, CancellationToken ct)
    {
        var tables = AccountTables.For(tenantId);
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(idleTimeoutMinutes) < sessionExpiresAt ? now.AddMinutes(idleTimeoutMinutes) : sessionExpiresAt;
        var (token, hash) = RefreshTokenFormat.Create(tenantId);
        await using var command = new NpgsqlCommand(tables.HasTenant
            ? $"INSERT INTO {tables.RefreshTokens} (tenant_id, session_id, token_hash, created_at, expires_at) VALUES (@tenant, @session, @hash, @now, @expires)"
            : $"INSERT INTO {tables.RefreshTokens} (session_id, token_hash, created_at, expires_at) VALUES (@session, @hash, @now, @expires)", connection);
        if (tenantId is { } tenant)
        {
            command.Parameters.AddWithValue("tenant", tenant);
        }
        command.Parameters.AddWithValue("session", sessionId);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", expires);
        await command.ExecuteNonQueryAsync(ct);
        return new IssuedRefreshToken(token, expires);
    }

    public async Task<RotationOutcome> RotateAsync(string? presented, CancellationToken ct)
    {
        if (!RefreshTokenFormat.TryParse(presented, out var tenantId, out var hash))
        {
            return new RotationOutcome.Refused("The refresh token is not valid.");
        }
        var tables = AccountTables.For(tenantId);
        await using var connection = await connections.OpenAsync(tenantId, "platform token refresh", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT t.id, t.expires_at, t.used_at, s.id, s.user_id, s.security_stamp, s.expires_at, s.revoked_at, s.idle_timeout_minutes
            FROM {tables.RefreshTokens} t JOIN {tables.Sessions} s ON s.id = t.session_id
            WHERE t.token_hash = @hash
            FOR UPDATE
            """, connection, transaction);
        command.Parameters.AddWithValue("hash", hash);
        Guid tokenId, sessionId, userId, stamp;
        DateTimeOffset tokenExpires, sessionExpires;
        bool used, revoked;
        int idle;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return new RotationOutcome.Refused("The refresh token is not valid.");
            }
            (tokenId, tokenExpires, used) = (reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), !reader.IsDBNull(2));
            (sessionId, userId, stamp, sessionExpires) = (reader.GetGuid(3), reader.GetGuid(4), reader.GetGuid(5), reader.GetFieldValue<DateTimeOffset>(6));
            (revoked, idle) = (!reader.IsDBNull(7), reader.GetInt32(8));
        }
        var now = time.GetUtcNow();
        if (revoked)
        {
            return new RotationOutcome.Refused("The session was signed out or revoked.");
        }
        if (used)
        {
            var sessions = await revoker.RevokeOnAsync(connection, tenantId, sessionId, "refresh token reuse", ct);
            await transaction.CommitAsync(ct);
            revoker.Remember(sessions);
            return new RotationOutcome.Reused();
        }
        if (now >= tokenExpires || now >= sessionExpires)
        {
            return new RotationOutcome.Refused("The refresh token has expired: sign in again.");
        }
        await ExecuteAsync(connection, transaction, $"UPDATE {tables.RefreshTokens} SET used_at = @now WHERE id = @id", tokenId, now, ct);
        await ExecuteAsync(connection, transaction, $"UPDATE {tables.Sessions} SET last_seen_at = @now WHERE id = @id", sessionId, now, ct);
        var next = await IssueAsync(connection, tenantId, sessionId, idle, sessionExpires, ct);
        await transaction.CommitAsync(ct);
        throttle.Written(sessionId);
        return new RotationOutcome.Rotated(new SessionClaims(userId, tenantId, sessionId, stamp, sessionExpires), next);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(ct);
    }
}
