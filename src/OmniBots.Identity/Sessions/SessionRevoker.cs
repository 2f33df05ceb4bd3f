using Npgsql;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Sessions;

/// <summary>
/// <see cref="ISessionRevocation"/>: sets <c>revoked_at</c>; the table's trigger records the
/// revocation and notifies every replica at commit; this replica adds it to its set at once.
/// </summary>
internal sealed class SessionRevoker(AccountConnections connections, RevokedSessions revoked, TimeProvider time) : ISessionRevocation
{
    public async Task<bool> RevokeSessionAsync(Guid? tenantId, Guid sessionId, string reason, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(tenantId, "platform session revocation", ct);
        return Remember(await UpdateAsync(connection, tenantId, "id = @id", sessionId, reason, ct)) > 0;
    }

    public async Task<int> RevokeAllSessionsAsync(Guid? tenantId, Guid userId, string reason, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(tenantId, "platform session revocation", ct);
        return Remember(await UpdateAsync(connection, tenantId, "user_id = @id", userId, reason, ct));
    }

    /// <summary>Revokes inside the caller's transaction; call <see cref="Remember"/> once it committed
    /// (other replicas hear of it from the trigger's notification).</summary>
    public Task<IReadOnlyList<(Guid Id, DateTimeOffset ExpiresAt)>> RevokeOnAsync(
        NpgsqlConnection connection, Guid? tenantId, Guid sessionId, string reason, CancellationToken ct)
        => UpdateAsync(connection, tenantId, "id = @id", sessionId, reason, ct);

    public int Remember(IReadOnlyList<(Guid Id, DateTimeOffset ExpiresAt)> sessions)
    {
        foreach (var (session, expires) in sessions)
        {
            revoked.Add(session, expires);
        }
        return sessions.Count;
    }

    // The filter is one of the constants above, never caller input.
    private async Task<IReadOnlyList<(Guid Id, DateTimeOffset ExpiresAt)>> UpdateAsync(
        NpgsqlConnection connection, Guid? tenantId, string filter, Guid id, string reason, CancellationToken ct)
    {
        var tables = AccountTables.For(tenantId);
        await using var command = new NpgsqlCommand(
            $"UPDATE {tables.Sessions} SET revoked_at = @now, revoked_reason = @reason WHERE {filter} AND revoked_at IS NULL RETURNING id, expires_at",
            connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("reason", reason);
        var sessions = new List<(Guid, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            sessions.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return sessions;
    }
}
