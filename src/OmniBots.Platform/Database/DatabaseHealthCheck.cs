using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OmniBots.Platform.Database;

/// <summary>Ready when migrations ran and the runtime pool answers a query within the probe's time.</summary>
internal sealed class DatabaseHealthCheck(PlatformDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!database.Ready.IsCompletedSuccessfully)
        {
            return HealthCheckResult.Unhealthy("The database is not initialised yet.");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = database.Runtime.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
