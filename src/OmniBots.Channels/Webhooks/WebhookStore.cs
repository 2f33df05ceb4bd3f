using Npgsql;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Channels.Webhooks;

/// <summary>What changes on a subscription; null leaves a field as it is.</summary>
internal sealed record WebhookChanges(string? Url, string? Description, IReadOnlyList<string>? EventTypes, bool? Enabled);

/// <summary>The current tenant's subscriptions, always on a connection confined to it: another tenant's are not found.</summary>
internal sealed class WebhookStore(TenantDatabase database, ISecretProtector protector, TimeProvider time)
{
    private const string Columns =
        "id, url, description, event_types, enabled, consecutive_failures, disabled_reason, created_at, updated_at, secret_rotated_at";

    public async Task<IReadOnlyList<WebhookView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM channels.webhook_subscriptions ORDER BY created_at, id", connection);
        return await ReadAllAsync(command, ct);
    }

    public async Task<WebhookView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM channels.webhook_subscriptions WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (await ReadAllAsync(command, ct)).SingleOrDefault();
    }

    public async Task<int> CountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM channels.webhook_subscriptions", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<CreatedWebhook> CreateAsync(Guid tenantId, string url, string? description, IReadOnlyList<string> eventTypes, bool enabled, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var secret = WebhookSecrets.Create();
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO channels.webhook_subscriptions (id, tenant_id, url, description, event_types, secret_protected, enabled, created_at, updated_at)
            VALUES (@id, @tenant, @url, @description, @types, @secret, @enabled, @now, @now)
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("description", (object?)description ?? DBNull.Value);
        command.Parameters.AddWithValue("types", eventTypes.ToArray());
        command.Parameters.AddWithValue("secret", WebhookSecrets.Protect(protector, id, secret));
        command.Parameters.AddWithValue("enabled", enabled);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return new CreatedWebhook((await ReadAllAsync(command, ct)).Single(), secret);
    }

    /// <summary>Enabling again clears the failure count and the reason it was disabled.</summary>
    public async Task<WebhookView?> UpdateAsync(Guid id, WebhookChanges changes, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            UPDATE channels.webhook_subscriptions SET
                url = coalesce(@url, url),
                description = CASE WHEN @description::text IS NULL THEN description ELSE nullif(@description, '') END,
                event_types = coalesce(@types, event_types),
                consecutive_failures = CASE WHEN @enabled AND NOT enabled THEN 0 ELSE consecutive_failures END,
                disabled_reason = CASE WHEN @enabled THEN NULL WHEN @enabled = false THEN 'disabled by a user' ELSE disabled_reason END,
                enabled = coalesce(@enabled, enabled),
                updated_at = @now
            WHERE id = @id
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter<string?>("url", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = changes.Url });
        command.Parameters.Add(new NpgsqlParameter<string?>("description", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = changes.Description });
        command.Parameters.Add(new NpgsqlParameter<string[]?>("types", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)
        {
            TypedValue = changes.EventTypes?.ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<bool?>("enabled", NpgsqlTypes.NpgsqlDbType.Boolean) { TypedValue = changes.Enabled });
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return (await ReadAllAsync(command, ct)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("DELETE FROM channels.webhook_subscriptions WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>A new secret at once: deliveries signed from now on (retries of older events included) use it.</summary>
    public async Task<RotatedSecret?> RotateSecretAsync(Guid id, CancellationToken ct)
    {
        var secret = WebhookSecrets.Create();
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            UPDATE channels.webhook_subscriptions SET secret_protected = @secret, secret_rotated_at = @now, updated_at = @now WHERE id = @id
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("secret", WebhookSecrets.Protect(protector, id, secret));
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(ct) > 0 ? new RotatedSecret(id, secret, now) : null;
    }

    public async Task<IReadOnlyList<DeliveryView>> ListDeliveriesAsync(Guid id, int limit, DateTimeOffset? before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT id, delivery_id, event_id, event_type, attempt, status, response_code, duration_ms, error, created_at
            FROM channels.webhook_deliveries
            WHERE subscription_id = @id AND (@before::timestamptz IS NULL OR created_at < @before)
            ORDER BY created_at DESC, attempt DESC
            LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("before", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = before });
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var deliveries = new List<DeliveryView>();
        while (await reader.ReadAsync(ct))
        {
            deliveries.Add(new DeliveryView(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return deliveries;
    }

    private static async Task<IReadOnlyList<WebhookView>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var views = new List<WebhookView>();
        while (await reader.ReadAsync(ct))
        {
            views.Add(new WebhookView(
                reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.GetBoolean(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return views;
    }
}
