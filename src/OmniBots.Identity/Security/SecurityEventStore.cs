using System.Net;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Security;

/// <summary>Writes and reads security events: a tenant's own on a connection confined to it (another
/// tenant's event is simply not found), platform events and the super admin view through the logged elevated scope.</summary>
internal sealed class SecurityEventStore(PlatformDatabase database, TenantDatabase tenantDatabase, TimeProvider time)
{
    private static string Columns(string tenantColumn) =>
        $"id, {tenantColumn}, type, severity, risk_score, host(ip), user_id, account, action, status, details::text, created_at, resolved_at, resolved_by, resolution_note";

    public async Task WriteAsync(NewSecurityEvent e, CancellationToken ct)
    {
        await using var connection = e.TenantId is { } tenant
            ? await TenantDatabase.OpenForTenantAsync(database, tenant, ct)
            : await tenantDatabase.OpenElevatedAsync("platform security event", ct);
        var table = e.TenantId is null ? "identity.platform_security_events" : "identity.security_events";
        var tenantColumn = e.TenantId is null ? "" : "tenant_id, ";
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {table} ({tenantColumn}type, severity, risk_score, ip, user_id, account, action, details, created_at)
            VALUES ({(e.TenantId is null ? "" : "@tenant, ")}@type, @severity, @risk, @ip, @user, @account, @action, @details, @now)
            """, connection);
        if (e.TenantId is { } t)
        {
            command.Parameters.AddWithValue("tenant", t);
        }
        command.Parameters.AddWithValue("type", e.Type);
        command.Parameters.AddWithValue("severity", e.Severity);
        command.Parameters.AddWithValue("risk", Math.Clamp(e.RiskScore, 0, 100));
        command.Parameters.AddWithValue("ip", NpgsqlDbType.Inet, e.Ip is { } ip ? ip : DBNull.Value);
        command.Parameters.AddWithValue("user", e.UserId is { } u ? u : DBNull.Value);
        command.Parameters.AddWithValue("account", e.Account is { } a ? a : DBNull.Value);
        command.Parameters.AddWithValue("action", e.Action);
        command.Parameters.AddWithValue("details", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(e.Details));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>True when the tenant already has an open event of this type from this IP since <paramref name="since"/>:
    /// a refused address retrying must not flood the list.</summary>
    public async Task<bool> HasOpenAsync(Guid tenantId, string type, IPAddress? ip, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand(
            "SELECT 1 FROM identity.security_events WHERE type = @type AND status = 'open' AND ip IS NOT DISTINCT FROM @ip AND created_at >= @since LIMIT 1", connection);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("ip", NpgsqlDbType.Inet, ip is { } i ? i : DBNull.Value);
        command.Parameters.AddWithValue("since", since);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>The current tenant's events.</summary>
    public async Task<SecurityEventPage> ListAsync(SecurityEventFilter filter, CancellationToken ct)
    {
        await using var connection = await tenantDatabase.OpenAsync(ct);
        return await QueryAsync(connection, "identity.security_events", "tenant_id", filter, ct);
    }

    /// <summary>Every tenant's events and the platform's (super admins).</summary>
    public async Task<SecurityEventPage> ListAllAsync(SecurityEventFilter filter, CancellationToken ct)
    {
        await using var connection = await tenantDatabase.OpenElevatedAsync("super admin security events", ct);
        const string rest = "type, severity, risk_score, ip, user_id, account, action, status, details, created_at, resolved_at, resolved_by, resolution_note";
        const string both = $"(SELECT id, tenant_id AS t, {rest} FROM identity.security_events UNION ALL SELECT id, NULL::uuid, {rest} FROM identity.platform_security_events)";
        return await QueryAsync(connection, both, "t", filter, ct);
    }

    public async Task<SecurityEventView?> ResolveAsync(Guid id, Guid? by, string? note, CancellationToken ct)
    {
        await using var connection = await tenantDatabase.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            UPDATE identity.security_events SET status = 'resolved', resolved_at = coalesce(resolved_at, @now), resolved_by = coalesce(resolved_by, @by),
                resolution_note = coalesce(resolution_note, @note)
            WHERE id = @id RETURNING {Columns("tenant_id")}
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("by", by is { } b ? b : DBNull.Value);
        command.Parameters.AddWithValue("note", note is { } n ? n : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static async Task<SecurityEventPage> QueryAsync(NpgsqlConnection connection, string source, string tenantColumn, SecurityEventFilter filter, CancellationToken ct)
    {
        const string where = """
            WHERE (@type::text IS NULL OR type = @type) AND (@status::text IS NULL OR status = @status)
              AND (@severity::text IS NULL OR severity = @severity)
              AND (@from::timestamptz IS NULL OR created_at >= @from) AND (@to::timestamptz IS NULL OR created_at < @to)
            """;
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns(tenantColumn)}, count(*) OVER () FROM {source} e {where}
            ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset
            """, connection);
        command.Parameters.AddWithValue("type", NpgsqlDbType.Text, (object?)filter.Type ?? DBNull.Value);
        command.Parameters.AddWithValue("status", NpgsqlDbType.Text, (object?)filter.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("severity", NpgsqlDbType.Text, (object?)filter.Severity ?? DBNull.Value);
        command.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, filter.From is { } f ? f : DBNull.Value);
        command.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, filter.To is { } t ? t : DBNull.Value);
        command.Parameters.AddWithValue("limit", filter.PageSize);
        command.Parameters.AddWithValue("offset", (filter.Page - 1) * filter.PageSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<SecurityEventView>();
        long total = 0;
        while (await reader.ReadAsync(ct))
        {
            items.Add(Read(reader));
            total = reader.GetInt64(15);
        }
        return new SecurityEventPage(items, filter.Page, filter.PageSize, total);
    }

    private static SecurityEventView Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetGuid(6), r.IsDBNull(7) ? null : r.GetString(7),
        r.GetString(8), r.GetString(9), JsonDocument.Parse(r.GetString(10)).RootElement.Clone(),
        r.GetFieldValue<DateTimeOffset>(11), r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        r.IsDBNull(13) ? null : r.GetGuid(13), r.IsDBNull(14) ? null : r.GetString(14));
}

internal sealed record SecurityEventFilter(string? Type, string? Status, string? Severity, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize);
