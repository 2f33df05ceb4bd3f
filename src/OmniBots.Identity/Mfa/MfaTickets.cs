using Npgsql;
using OmniBots.Identity.Authentication;

namespace OmniBots.Identity.Mfa;

internal static class MfaTicketPurposes
{
    public const string Verify = "verify";
    public const string Enrol = "enrol";
}

internal sealed record MfaTicket(Guid Id, Guid TenantId, Guid UserId, string Purpose, string Mode, Guid SecurityStamp, int IdleTimeoutMinutes, int Failures);

internal sealed record IssuedMfaTicket(string Ticket, DateTimeOffset ExpiresAt);

/// <summary>
/// Tickets between a right password and a session: five minutes, single use, at most
/// <see cref="MaxFailures"/> wrong codes. Only their SHA-256 is stored.
/// </summary>
internal sealed class MfaTickets(MfaStore store, TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<IssuedMfaTicket> IssueAsync(Guid tenantId, Guid userId, string purpose, string mode, Guid stamp, int idleTimeoutMinutes, CancellationToken ct)
    {
        var ticket = MfaSecrets.NewTicket(tenantId);
        var now = time.GetUtcNow();
        await using var connection = await store.OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO identity.mfa_tickets (tenant_id, user_id, token_hash, purpose, mode, security_stamp, idle_timeout_minutes, created_at, expires_at)
            VALUES (@tenant, @user, @hash, @purpose, @mode, @stamp, @idle, @now, @expires)
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("hash", OpaqueSecrets.Hash(ticket));
        command.Parameters.AddWithValue("purpose", purpose);
        command.Parameters.AddWithValue("mode", mode);
        command.Parameters.AddWithValue("stamp", stamp);
        command.Parameters.AddWithValue("idle", idleTimeoutMinutes);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", now + Lifetime);
        await command.ExecuteNonQueryAsync(ct);
        return new IssuedMfaTicket(ticket, now + Lifetime);
    }

    /// <summary>The ticket when it is unused, unexpired, below the failure limit and for this purpose.</summary>
    public async Task<MfaTicket?> FindAsync(string? ticket, string purpose, CancellationToken ct)
    {
        if (MfaSecrets.TenantOf(ticket, MfaSecrets.TicketPrefix) is not { } tenantId)
        {
            return null;
        }
        await using var connection = await store.OpenAsync(tenantId, ct);
        await using var command = new NpgsqlCommand("""
            SELECT id, user_id, mode, security_stamp, idle_timeout_minutes, failures FROM identity.mfa_tickets
            WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now AND failures < @max
            """, connection);
        command.Parameters.AddWithValue("hash", OpaqueSecrets.Hash(ticket!));
        command.Parameters.AddWithValue("purpose", purpose);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("max", MaxFailures);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MfaTicket(reader.GetGuid(0), tenantId, reader.GetGuid(1), purpose, reader.GetString(2), reader.GetGuid(3), reader.GetInt32(4), reader.GetInt32(5))
            : null;
    }

    /// <summary>Counts a wrong code; returns how many attempts are left.</summary>
    public async Task<int> FailAsync(MfaTicket ticket, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ticket.TenantId, ct);
        await using var command = new NpgsqlCommand("UPDATE identity.mfa_tickets SET failures = failures + 1 WHERE id = @id RETURNING failures", connection);
        command.Parameters.AddWithValue("id", ticket.Id);
        var failures = (int)(await command.ExecuteScalarAsync(ct) ?? MaxFailures);
        return Math.Max(0, MaxFailures - failures);
    }

    /// <summary>Spends the ticket inside the caller's transaction; false when another request spent it first.</summary>
    public async Task<bool> ConsumeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MfaTicket ticket, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE identity.mfa_tickets SET used_at = @now WHERE id = @id AND used_at IS NULL AND expires_at > @now AND failures < @max RETURNING 1",
            connection, transaction);
        command.Parameters.AddWithValue("id", ticket.Id);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("max", MaxFailures);
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
