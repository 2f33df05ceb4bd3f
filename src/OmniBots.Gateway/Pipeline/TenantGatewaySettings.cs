using Npgsql;
using OmniBots.Platform.Events;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Pipeline;

/// <summary>A tenant's limits, monthly budget and cache settings; <see cref="Default"/> when it saved none.</summary>
internal sealed record TenantGatewaySettings(
    int? RpmLimit,
    int? TpmLimit,
    decimal? MonthlySoftBudgetUsd,
    decimal? MonthlyHardBudgetUsd,
    bool CacheEnabled,
    int CacheTtlSeconds)
{
    public static TenantGatewaySettings Default { get; } = new(null, null, null, null, false, 3600);
}

/// <summary><c>gateway.tenant_settings</c>: read and write one tenant's row.</summary>
internal static class TenantSettingsStore
{
    public static async Task<TenantGatewaySettings> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT rpm_limit, tpm_limit, monthly_soft_budget_usd, monthly_hard_budget_usd, cache_enabled, cache_ttl_seconds FROM gateway.tenant_settings",
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return TenantGatewaySettings.Default;
        }
        return new TenantGatewaySettings(
            reader.IsDBNull(0) ? null : reader.GetInt32(0),
            reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetDecimal(2),
            reader.IsDBNull(3) ? null : reader.GetDecimal(3),
            reader.GetBoolean(4),
            reader.GetInt32(5));
    }

    /// <summary>Saves and tells every replica (at commit) to drop its copy.</summary>
    public static async Task WriteAsync(TenantDatabase database, IEventBus bus, Guid tenantId, TenantGatewaySettings settings, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("""
            INSERT INTO gateway.tenant_settings AS s (tenant_id, rpm_limit, tpm_limit, monthly_soft_budget_usd, monthly_hard_budget_usd, cache_enabled, cache_ttl_seconds)
            VALUES (@tenant, @rpm, @tpm, @soft, @hard, @cache, @ttl)
            ON CONFLICT (tenant_id) DO UPDATE SET rpm_limit = EXCLUDED.rpm_limit, tpm_limit = EXCLUDED.tpm_limit,
                monthly_soft_budget_usd = EXCLUDED.monthly_soft_budget_usd, monthly_hard_budget_usd = EXCLUDED.monthly_hard_budget_usd,
                cache_enabled = EXCLUDED.cache_enabled, cache_ttl_seconds = EXCLUDED.cache_ttl_seconds, updated_at = now()
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("rpm", (object?)settings.RpmLimit ?? DBNull.Value);
            command.Parameters.AddWithValue("tpm", (object?)settings.TpmLimit ?? DBNull.Value);
            command.Parameters.AddWithValue("soft", (object?)settings.MonthlySoftBudgetUsd ?? DBNull.Value);
            command.Parameters.AddWithValue("hard", (object?)settings.MonthlyHardBudgetUsd ?? DBNull.Value);
            command.Parameters.AddWithValue("cache", settings.CacheEnabled);
            command.Parameters.AddWithValue("ttl", settings.CacheTtlSeconds);
            await command.ExecuteNonQueryAsync(ct);
        }
        await bus.PublishAsync(connection, GatewayConfigChanges.Channel, GatewayConfigChanges.Tenant(tenantId), ct);
        await transaction.CommitAsync(ct);
    }
}
