using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Security;

/// <summary>Per-tenant thresholds in <c>identity.security_rules</c>, read on a connection confined to the tenant.</summary>
internal sealed class RulesStore(PlatformDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The defaults for platform staff (no tenant) and tenants that set nothing.</summary>
    public async Task<SecurityRules> GetAsync(Guid? tenantId, CancellationToken ct)
    {
        if (tenantId is not { } tenant)
        {
            return SecurityRules.Default;
        }
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenant, ct);
        await using var command = new NpgsqlCommand("SELECT rules::text FROM identity.security_rules", connection);
        return await command.ExecuteScalarAsync(ct) is string json
            ? JsonSerializer.Deserialize<SecurityRules>(json, Json) ?? SecurityRules.Default
            : SecurityRules.Default;
    }

    public async Task SaveAsync(Guid tenantId, SecurityRules rules, Guid? by, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO identity.security_rules (tenant_id, rules, updated_at, updated_by) VALUES (@tenant, @rules, @now, @by)
            ON CONFLICT (tenant_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("rules", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(rules, Json));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("by", by is { } b ? b : DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
