using Npgsql;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Channels.Webhooks;

/// <summary>The subscription as a delivery needs it: where, whether, and the secret in clear.</summary>
internal sealed record DeliveryTarget(Guid Id, string Url, bool Enabled, string Secret);

/// <summary>What deliveries read and write: the target, one log row per attempt, the failure streak.</summary>
internal sealed class DeliveryLog(TenantDatabase database, ISecretProtector protector)
{
    public async Task<DeliveryTarget?> FindTargetAsync(Guid subscriptionId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT url, enabled, secret_protected FROM channels.webhook_subscriptions WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", subscriptionId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new DeliveryTarget(subscriptionId, reader.GetString(0), reader.GetBoolean(1),
            WebhookSecrets.Unprotect(protector, subscriptionId, reader.GetString(2)));
    }

    /// <summary>
    /// Logs the attempt and keeps the failure streak: a success resets it, a failure of a counted attempt adds one and
    /// disables the subscription when it reaches <paramref name="disableAfter"/> (0: never). Returns true when this
    /// attempt disabled it.
    /// </summary>
    public async Task<bool> RecordAsync(
        WebhookDeliveryJob job, int attempt, string status, DeliveryOutcome? outcome, bool counts, int disableAfter, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO channels.webhook_deliveries
                (tenant_id, subscription_id, delivery_id, event_id, event_type, attempt, status, response_code, duration_ms, error)
            SELECT tenant_id, id, @delivery, @event, @type, @attempt, @status, @code, @duration, @error
            FROM channels.webhook_subscriptions WHERE id = @subscription
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("subscription", job.SubscriptionId);
            insert.Parameters.AddWithValue("delivery", job.DeliveryId);
            insert.Parameters.AddWithValue("event", job.EventId);
            insert.Parameters.AddWithValue("type", job.EventType);
            insert.Parameters.AddWithValue("attempt", attempt);
            insert.Parameters.AddWithValue("status", status);
            insert.Parameters.AddWithValue("code", (object?)outcome?.StatusCode ?? DBNull.Value);
            insert.Parameters.AddWithValue("duration", outcome?.DurationMs ?? 0);
            insert.Parameters.AddWithValue("error", (object?)outcome?.Error ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(ct);
        }
        var disabled = false;
        if (counts && outcome is not null)
        {
            await using var streak = new NpgsqlCommand("""
                UPDATE channels.webhook_subscriptions SET
                    consecutive_failures = CASE WHEN @ok THEN 0 ELSE consecutive_failures + 1 END,
                    enabled = enabled AND (@ok OR @limit = 0 OR consecutive_failures + 1 < @limit),
                    disabled_reason = CASE
                        WHEN enabled AND NOT @ok AND @limit > 0 AND consecutive_failures + 1 >= @limit
                        THEN 'disabled after ' || (consecutive_failures + 1) || ' failed deliveries in a row'
                        ELSE disabled_reason END
                WHERE id = @subscription
                RETURNING (NOT enabled AND disabled_reason LIKE 'disabled after %' AND NOT @ok AND consecutive_failures = @limit)
                """, connection, transaction);
            streak.Parameters.AddWithValue("subscription", job.SubscriptionId);
            streak.Parameters.AddWithValue("ok", outcome.Succeeded);
            streak.Parameters.AddWithValue("limit", disableAfter);
            disabled = await streak.ExecuteScalarAsync(ct) is true;
        }
        await transaction.CommitAsync(ct);
        return disabled;
    }
}
