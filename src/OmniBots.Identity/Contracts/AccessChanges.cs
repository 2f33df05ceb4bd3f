using Npgsql;

namespace OmniBots.Identity.Contracts;

/// <summary>
/// Tells every replica that what a principal may do has changed, so cached permissions, statuses
/// and security stamps are read again at the next request instead of after the cache's lifetime.
/// Pass the connection of the transaction that made the change: replicas hear of it when it commits.
/// </summary>
public interface IAccessChanges
{
    /// <summary>After changing a user's roles, status, password or security stamp. <paramref name="tenantId"/> is null for platform staff.</summary>
    Task UserChangedAsync(Guid? tenantId, Guid userId, NpgsqlConnection? connection, CancellationToken ct);

    /// <summary>After changing a tenant's role definitions, status or settings.</summary>
    Task TenantChangedAsync(Guid tenantId, NpgsqlConnection? connection, CancellationToken ct);
}

/// <summary>Ends sign-in sessions: every cookie, access token and refresh token of the session stops
/// working on every replica (suspension, password change, admin action).</summary>
public interface ISessionRevocation
{
    /// <summary>Revokes one session; false when it does not exist (in this tenant) or was already revoked.</summary>
    Task<bool> RevokeSessionAsync(Guid? tenantId, Guid sessionId, string reason, CancellationToken ct);

    /// <summary>Revokes every live session of a user and returns how many.</summary>
    Task<int> RevokeAllSessionsAsync(Guid? tenantId, Guid userId, string reason, CancellationToken ct);
}
