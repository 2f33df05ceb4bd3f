using Npgsql;
using OmniBots.Gateway.Pipeline;
using OmniBots.Platform.Events;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Keys;

internal sealed record NewVirtualKey(
    string Name, IReadOnlyList<string> AllowedModels, int? RpmLimit, int? TpmLimit,
    decimal? MonthlySoftBudgetUsd, decimal? MonthlyHardBudgetUsd, DateTimeOffset? ExpiresAt);

/// <summary>The tenant's virtual keys in <c>gateway.virtual_keys</c> (scoped: the request's tenant, under RLS).</summary>
internal sealed class VirtualKeyStore(TenantDatabase database, IEventBus bus)
{
    public const string Columns = "id, tenant_id, name, prefix, secret_hash, allowed_models, rpm_limit, tpm_limit, " +
        "monthly_soft_budget_usd, monthly_hard_budget_usd, expires_at, created_at, revoked_at";

    public async Task<(VirtualKey Key, string Secret)> CreateAsync(Guid tenantId, NewVirtualKey request, CancellationToken ct)
    {
        var (prefix, secret, hash) = VirtualKeyFormat.Create();
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO gateway.virtual_keys (tenant_id, name, prefix, secret_hash, allowed_models, rpm_limit, tpm_limit,
                monthly_soft_budget_usd, monthly_hard_budget_usd, expires_at)
            VALUES (@tenant, @name, @prefix, @hash, @models, @rpm, @tpm, @soft, @hard, @expires)
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", request.Name);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("models", request.AllowedModels.ToArray());
        command.Parameters.AddWithValue("rpm", (object?)request.RpmLimit ?? DBNull.Value);
        command.Parameters.AddWithValue("tpm", (object?)request.TpmLimit ?? DBNull.Value);
        command.Parameters.AddWithValue("soft", (object?)request.MonthlySoftBudgetUsd ?? DBNull.Value);
        command.Parameters.AddWithValue("hard", (object?)request.MonthlyHardBudgetUsd ?? DBNull.Value);
        command.Parameters.AddWithValue("expires", (object?)request.ExpiresAt ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (Read(reader), secret);
    }

    public async Task<IReadOnlyList<VirtualKey>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM gateway.virtual_keys ORDER BY created_at DESC", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<VirtualKey>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(Read(reader));
        }
        return keys;
    }

    public async Task<VirtualKey?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await FindAsync(connection, "id = @value", id, ct);
    }

    /// <summary>Revokes (once) and tells every replica when the transaction commits. Null: no such key in this tenant.</summary>
    public async Task<VirtualKey?> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var update = new NpgsqlCommand(
            "UPDATE gateway.virtual_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL", connection, transaction))
        {
            update.Parameters.AddWithValue("id", id);
            await update.ExecuteNonQueryAsync(ct);
        }
        var key = await FindAsync(connection, "id = @value", id, ct);
        if (key is not null)
        {
            await bus.PublishAsync(connection, GatewayConfigChanges.Channel, GatewayConfigChanges.Key(key.Prefix), ct);
        }
        await transaction.CommitAsync(ct);
        return key;
    }

    /// <summary>By prefix across tenants: the caller is not known yet when a key is presented.</summary>
    public static async Task<VirtualKey?> FindByPrefixAsync(NpgsqlConnection elevated, string prefix, CancellationToken ct)
        => await FindAsync(elevated, "prefix = @value", prefix, ct);

    private static async Task<VirtualKey?> FindAsync<T>(NpgsqlConnection connection, string where, T value, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM gateway.virtual_keys WHERE {where}", connection);
        command.Parameters.AddWithValue("value", value!);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static VirtualKey Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4),
        reader.GetFieldValue<string[]>(5),
        reader.IsDBNull(6) ? null : reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetDecimal(8),
        reader.IsDBNull(9) ? null : reader.GetDecimal(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12));
}
