using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Security;

/// <summary>
/// Hourly (cron <c>identity.security_cleanup</c>): sign-in attempts older than two days (the longest
/// configurable window is one day) and blocks a day past their end. Security events are kept: they
/// are the record, and leave with their tenant.
/// </summary>
internal sealed partial class SecurityCleanupHandler(TenantDatabase database, TimeProvider time, ILogger<SecurityCleanupHandler> logger) : IJobHandler
{
    public const string Kind = "identity.security_cleanup";

    private static readonly string[] Statements =
    [
        "DELETE FROM identity.sign_in_attempts WHERE at < @now - interval '2 days'",
        "DELETE FROM identity.sign_in_blocks WHERE until < @now - interval '1 day'",
    ];

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("security cleanup", ct);
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var sql in Statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("now", now);
            deleted += await command.ExecuteNonQueryAsync(ct);
        }
        LogDeleted(deleted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Security cleanup deleted {Count} expired row(s)")]
    private partial void LogDeleted(int count);
}
