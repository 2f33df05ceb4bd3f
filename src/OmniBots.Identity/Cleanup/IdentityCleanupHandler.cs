using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Cleanup;

/// <summary>
/// Hourly (cron <c>identity.cleanup</c>): deletes what can no longer authenticate anyone, across
/// tenants through the logged elevated scope: refresh tokens past their expiry (used ones are kept
/// until then, to recognise reuse), sessions a day past their end, revocations of sessions that have
/// ended, setup tokens a day after use or expiry, and MFA tickets and trusted devices a day after they
/// ended.
/// </summary>
internal sealed class IdentityCleanupHandler(TenantDatabase database, TimeProvider time, ILogger<IdentityCleanupHandler> logger) : IJobHandler
{
    public const string Kind = "identity.cleanup";

    private static readonly string[] Statements =
    [
        "DELETE FROM identity.refresh_tokens WHERE expires_at < @now",
        "DELETE FROM identity.platform_refresh_tokens WHERE expires_at < @now",
        "DELETE FROM identity.sessions WHERE expires_at < @now - interval '1 day'",
        "DELETE FROM identity.platform_sessions WHERE expires_at < @now - interval '1 day'",
        "DELETE FROM identity.session_revocations WHERE expires_at < @now",
        "DELETE FROM identity.setup_tokens WHERE coalesce(used_at, expires_at) < @now - interval '1 day'",
        // MFA tickets and trusted devices: useless after expiry (or revocation), kept a day for investigation.
        "DELETE FROM identity.mfa_tickets WHERE expires_at < @now - interval '1 day'",
        "DELETE FROM identity.mfa_trusted_devices WHERE coalesce(revoked_at, expires_at) < @now - interval '1 day'",
        "DELETE FROM identity.user_tokens WHERE coalesce(used_at, expires_at) < @now - interval '1 day'",
        // Sign-in attempts outlive the longest configurable window (one day); blocks a day past their end.
        // Security events are kept: they are the record, and leave with their tenant.
        "DELETE FROM identity.sign_in_attempts WHERE at < @now - interval '2 days'",
        "DELETE FROM identity.sign_in_blocks WHERE until < @now - interval '1 day'",
    ];

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("identity cleanup", ct);
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var sql in Statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("now", now);
            deleted += await command.ExecuteNonQueryAsync(ct);
        }
        logger.LogInformation("Identity cleanup deleted {Count} expired row(s)", deleted);
    }
}
