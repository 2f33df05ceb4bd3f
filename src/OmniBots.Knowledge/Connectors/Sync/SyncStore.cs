using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.Connectors.Sync;

internal sealed record SyncSource(Guid Id, Guid KnowledgeBaseId, string Type, SourceSettings Settings, string? Cursor, int IntervalMinutes, bool Enabled);

internal sealed record KnownItem(string ExternalId, string? Version, Guid? DocumentId);

/// <summary>The sync job's reads and writes, each on the job's tenant-confined connection and committed on its own, so
/// what a crashed sync finished stays done and the cursor (written last) never runs ahead of it.</summary>
internal static class SyncStore
{
    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, Guid sourceId, CancellationToken ct)
    {
        // Session lock: released by UnlockAsync, or with the session if the worker dies.
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended('knowledge.source-sync:' || @id::text, 0))", connection);
        command.Parameters.AddWithValue("id", sourceId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Explicitly: a pooled connection may keep its session (and the lock) after it is returned.</summary>
    public static async Task UnlockAsync(NpgsqlConnection connection, Guid sourceId)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended('knowledge.source-sync:' || @id::text, 0))", connection);
        command.Parameters.AddWithValue("id", sourceId);
        await command.ExecuteScalarAsync(CancellationToken.None);
    }

    public static async Task<SyncSource?> LoadAsync(NpgsqlConnection connection, Guid sourceId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id, knowledge_base_id, type, settings, sync_cursor, sync_interval_minutes, enabled FROM knowledge.sources WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", sourceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new SyncSource(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2),
            JsonSerializer.Deserialize<SourceSettings>(reader.GetString(3), JsonSerializerOptions.Web) ?? new SourceSettings(),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetBoolean(6));
    }

    public static async Task<Dictionary<string, KnownItem>> KnownAsync(NpgsqlConnection connection, Guid sourceId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT external_id, version, document_id FROM knowledge.source_items WHERE source_id = @id", connection);
        command.Parameters.AddWithValue("id", sourceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var known = new Dictionary<string, KnownItem>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var item = new KnownItem(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2));
            known[item.ExternalId] = item;
        }
        return known;
    }

    public static Task StartedAsync(NpgsqlConnection connection, Guid sourceId, DateTimeOffset now, CancellationToken ct)
        => ExecuteAsync(connection, "UPDATE knowledge.sources SET status = 'syncing', last_sync_started_at = @now WHERE id = @id", ct, ("id", sourceId), ("now", now));

    public static Task SaveItemAsync(NpgsqlConnection connection, Guid sourceId, string externalId, string? version, Guid? documentId, DateTimeOffset now, CancellationToken ct)
        => ExecuteAsync(connection,
            """
            INSERT INTO knowledge.source_items (tenant_id, source_id, external_id, version, document_id, last_seen_at)
            VALUES (platform.current_tenant_id(), @id, @external, @version, @document::uuid, @now)
            ON CONFLICT (source_id, external_id) DO UPDATE SET version = excluded.version,
                document_id = coalesce(excluded.document_id, knowledge.source_items.document_id), last_seen_at = excluded.last_seen_at
            """, ct, ("id", sourceId), ("external", externalId), ("version", (object?)version ?? DBNull.Value), ("document", (object?)documentId ?? DBNull.Value), ("now", now));

    public static Task RemoveItemAsync(NpgsqlConnection connection, Guid sourceId, string externalId, CancellationToken ct)
        => ExecuteAsync(connection, "DELETE FROM knowledge.source_items WHERE source_id = @id AND external_id = @external", ct, ("id", sourceId), ("external", externalId));

    /// <param name="cursor">Saved only after every file of the sync was handled (the caller decides).</param>
    public static Task FinishedAsync(NpgsqlConnection connection, Guid sourceId, bool succeeded, string? cursor, SyncCounts? counts, string? error,
        DateTimeOffset now, DateTimeOffset next, CancellationToken ct)
        => ExecuteAsync(connection,
            """
            UPDATE knowledge.sources SET status = @status, sync_cursor = coalesce(@cursor, sync_cursor),
                last_sync_counts = coalesce(@counts::jsonb, last_sync_counts), last_error = @error,
                last_sync_finished_at = @now, next_sync_at = @next
            WHERE id = @id
            """, ct, ("id", sourceId), ("status", succeeded ? "succeeded" : "failed"), ("cursor", (object?)cursor ?? DBNull.Value),
            ("counts", counts is null ? DBNull.Value : new JsonbText(JsonSerializer.Serialize(counts, JsonSerializerOptions.Web))),
            ("error", (object?)error ?? DBNull.Value), ("now", now), ("next", next));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            if (value is JsonbText json)
            {
                command.Parameters.AddWithValue(name, NpgsqlDbType.Jsonb, json.Text);
            }
            else if (value == DBNull.Value)
            {
                command.Parameters.AddWithValue(name, NpgsqlDbType.Text, value);
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record JsonbText(string Text);
}
