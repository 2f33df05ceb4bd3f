using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OmniBots.Identity.Sessions;

internal static class SessionKinds
{
    public const string Cookie = "cookie";
    public const string Token = "token";
}

internal sealed record SessionRecord(Guid Id, string Kind, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int IdleTimeoutMinutes);

/// <summary>Who a new session is for, and how long it may sit idle.</summary>
internal sealed record NewSession(Guid? TenantId, Guid UserId, Guid SecurityStamp, string Kind, int IdleTimeoutMinutes, IPAddress? Ip, string? UserAgent);

/// <summary>Creates sessions and records their activity. Revocation is in <see cref="SessionRevoker"/>.</summary>
internal sealed class SessionStore(AccountConnections connections, ActivityThrottle throttle, TimeProvider time, IOptions<IdentitySettings> settings)
{
    private const int MaxUserAgent = 512;

    /// <summary>Inserts a session on <paramref name="connection"/> (the caller's transaction, confined to the tenant or elevated).</summary>
    public async Task<SessionRecord> CreateAsync(NpgsqlConnection connection, NewSession request, CancellationToken ct)
    {
        var tables = AccountTables.For(request.TenantId);
        var now = time.GetUtcNow();
        var session = new SessionRecord(Guid.CreateVersion7(now), request.Kind, now, now.AddDays(settings.Value.SessionLifetimeDays), request.IdleTimeoutMinutes);
        var tenantColumn = tables.HasTenant ? "tenant_id, " : "";
        var tenantValue = tables.HasTenant ? "@tenant, " : "";
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {tables.Sessions} (id, {tenantColumn}user_id, kind, security_stamp, created_at, last_seen_at, idle_timeout_minutes, expires_at, ip, user_agent)
            VALUES (@id, {tenantValue}@user, @kind, @stamp, @now, @now, @idle, @expires, @ip, @agent)
            """, connection);
        command.Parameters.AddWithValue("id", session.Id);
        if (request.TenantId is { } tenant)
        {
            command.Parameters.AddWithValue("tenant", tenant);
        }
        command.Parameters.AddWithValue("user", request.UserId);
        command.Parameters.AddWithValue("kind", request.Kind);
        command.Parameters.AddWithValue("stamp", request.SecurityStamp);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("idle", request.IdleTimeoutMinutes);
        command.Parameters.AddWithValue("expires", session.ExpiresAt);
        command.Parameters.Add(new NpgsqlParameter("ip", NpgsqlTypes.NpgsqlDbType.Inet) { Value = (object?)request.Ip ?? DBNull.Value });
        command.Parameters.AddWithValue("agent", request.UserAgent is { } agent ? agent[..Math.Min(agent.Length, MaxUserAgent)] : DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
        throttle.Written(session.Id);
        return session;
    }

    /// <summary>Records use of a session, at most once a minute per session on this replica.</summary>
    public async Task TouchAsync(Guid? tenantId, Guid sessionId, CancellationToken ct)
    {
        if (!throttle.ShouldWrite(sessionId))
        {
            return;
        }
        var tables = AccountTables.For(tenantId);
        await using var connection = await connections.OpenAsync(tenantId, "platform session activity", ct);
        await using var command = new NpgsqlCommand($"UPDATE {tables.Sessions} SET last_seen_at = @now WHERE id = @id AND last_seen_at < @now", connection);
        command.Parameters.AddWithValue("id", sessionId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(ct);
    }
}
