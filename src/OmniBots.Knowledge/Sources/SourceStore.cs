using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Sources;

/// <summary>The tenant's rows of <c>knowledge.sources</c> (row-level security confines every query). Credentials go in
/// protected and only come out for the connector, never in a <see cref="SourceView"/>.</summary>
internal sealed class SourceStore(TenantDatabase database, ISecretProtector secrets, TimeProvider time)
{
    public const string CredentialsPurpose = "knowledge.source-credentials";
    private const string Columns = "id, knowledge_base_id, type, name, settings, credentials IS NOT NULL, sync_interval_minutes, enabled, status, " +
        "last_sync_started_at, last_sync_finished_at, last_sync_counts, last_error, next_sync_at, created_at, updated_at";

    public async Task<SourceView> CreateAsync(Guid knowledgeBaseId, string type, string name, SourceSettings settings,
        SourceCredentials? credentials, int intervalMinutes, bool enabled, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO knowledge.sources (tenant_id, knowledge_base_id, type, name, settings, credentials, sync_interval_minutes, enabled, next_sync_at)
            VALUES (platform.current_tenant_id(), @kb, @type, @name, @settings, @credentials, @interval, @enabled, @now)
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("kb", knowledgeBaseId);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(settings, JsonSerializerOptions.Web));
        command.Parameters.AddWithValue("credentials", NpgsqlDbType.Text, (object?)Protect(credentials) ?? DBNull.Value);
        command.Parameters.AddWithValue("interval", intervalMinutes);
        command.Parameters.AddWithValue("enabled", enabled);
        // Due at once: a new source's first sync starts with the scheduler's next tick.
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return Read(reader);
    }

    /// <summary>Whether the tenant has this knowledge base (row-level security hides other tenants').</summary>
    public async Task<bool> KnowledgeBaseExistsAsync(Guid knowledgeBaseId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM knowledge.knowledge_bases WHERE id = @kb)", connection);
        command.Parameters.AddWithValue("kb", knowledgeBaseId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<SourceView>> ListAsync(Guid knowledgeBaseId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM knowledge.sources WHERE knowledge_base_id = @kb ORDER BY created_at, id", connection);
        command.Parameters.AddWithValue("kb", knowledgeBaseId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<SourceView>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader));
        }
        return list;
    }

    public async Task<SourceView?> FindAsync(Guid knowledgeBaseId, Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM knowledge.sources WHERE knowledge_base_id = @kb AND id = @id", connection);
        command.Parameters.AddWithValue("kb", knowledgeBaseId);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<SourceView?> UpdateAsync(Guid knowledgeBaseId, Guid id, string? name, SourceSettings? settings,
        SourceCredentials? credentials, int? intervalMinutes, bool? enabled, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE knowledge.sources SET
                name = coalesce(@name, name),
                settings = coalesce(@settings, settings),
                -- New settings (another folder, bucket, site) make the old cursor meaningless: the next sync lists everything.
                sync_cursor = CASE WHEN @settings IS NULL THEN sync_cursor END,
                credentials = coalesce(@credentials, credentials),
                sync_interval_minutes = coalesce(@interval, sync_interval_minutes),
                enabled = coalesce(@enabled, enabled),
                -- A changed schedule counts from the last sync (or now, if it never ran).
                next_sync_at = CASE WHEN @interval IS NULL THEN next_sync_at
                    ELSE coalesce(last_sync_finished_at, @now) + make_interval(mins => @interval) END,
                updated_at = @now
            WHERE knowledge_base_id = @kb AND id = @id
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("kb", knowledgeBaseId);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", NpgsqlDbType.Text, (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, settings is null ? DBNull.Value : JsonSerializer.Serialize(settings, JsonSerializerOptions.Web));
        command.Parameters.AddWithValue("credentials", NpgsqlDbType.Text, (object?)Protect(credentials) ?? DBNull.Value);
        command.Parameters.AddWithValue("interval", NpgsqlDbType.Integer, (object?)intervalMinutes ?? DBNull.Value);
        command.Parameters.AddWithValue("enabled", NpgsqlDbType.Boolean, (object?)enabled ?? DBNull.Value);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>External ids of the source's items with a document, for removal from the index before the row goes.</summary>
    public async Task<IReadOnlyList<string>> ItemIdsAsync(Guid sourceId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT external_id FROM knowledge.source_items WHERE source_id = @id", connection);
        command.Parameters.AddWithValue("id", sourceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public async Task<bool> DeleteAsync(Guid knowledgeBaseId, Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("DELETE FROM knowledge.sources WHERE knowledge_base_id = @kb AND id = @id", connection);
        command.Parameters.AddWithValue("kb", knowledgeBaseId);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The stored credentials in clear, for the connector only.</summary>
    public async Task<SourceCredentials?> CredentialsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT credentials FROM knowledge.sources WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        var value = await command.ExecuteScalarAsync(ct);
        return value is string protectedValue
            ? JsonSerializer.Deserialize<SourceCredentials>(secrets.Unprotect(CredentialsPurpose, protectedValue), JsonSerializerOptions.Web)
            : null;
    }

    private string? Protect(SourceCredentials? credentials)
        => credentials is null ? null : secrets.Protect(CredentialsPurpose, JsonSerializer.Serialize(credentials, JsonSerializerOptions.Web));

    private static SourceView Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonSerializer.Deserialize<SourceSettings>(reader.GetString(4), JsonSerializerOptions.Web) ?? new SourceSettings(),
        reader.GetBoolean(5),
        reader.GetInt32(6),
        reader.GetBoolean(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : JsonSerializer.Deserialize<SyncCounts>(reader.GetString(11), JsonSerializerOptions.Web),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        reader.GetFieldValue<DateTimeOffset>(13),
        reader.GetFieldValue<DateTimeOffset>(14),
        reader.GetFieldValue<DateTimeOffset>(15));
}
