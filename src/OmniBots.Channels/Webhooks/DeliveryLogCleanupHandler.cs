using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Channels.Webhooks;

/// <summary>
/// Daily (cron <c>channels.webhooks.cleanup</c>): deletes delivery log rows older than
/// <see cref="WebhookOptions.DeliveryLogRetentionDays"/> for every tenant, through the logged elevated scope, so the
/// log of a busy subscription does not grow without end.
/// </summary>
internal sealed partial class DeliveryLogCleanupHandler(
    TenantDatabase database, IOptions<WebhookOptions> options, TimeProvider time, ILogger<DeliveryLogCleanupHandler> logger) : IJobHandler
{
    public const string Kind = "channels.webhooks.cleanup";
    public const string Cron = "0 41 3 * * ?";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("webhook delivery log retention, every tenant", ct);
        await using var command = new NpgsqlCommand("DELETE FROM channels.webhook_deliveries WHERE created_at < @before", connection);
        command.Parameters.AddWithValue("before", time.GetUtcNow().AddDays(-options.Value.DeliveryLogRetentionDays));
        LogDeleted(logger, await command.ExecuteNonQueryAsync(ct));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery log cleanup deleted {Count} row(s)")]
    private static partial void LogDeleted(ILogger logger, int count);
}
