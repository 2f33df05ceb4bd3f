using Npgsql;
using OmniBots.Knowledge.Indexing;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Documents;

/// <summary>The current tenant's documents, on tenant-confined connections.</summary>
internal sealed class DocumentStore(TenantDatabase db, IndexGenerations generations)
{
    private const string Columns = """
        id, knowledge_base_id, file_name, content_type, size_bytes, sha256, title, status, error, chunk_count, progress_done, progress_total,
        source_id, external_id, url, created_at, updated_at, indexed_at, blob_path
        """;

    public async Task<IReadOnlyList<DocumentView>> ListAsync(Guid kbId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await QueryAsync(connection, null, $"SELECT {Columns} FROM knowledge.documents WHERE knowledge_base_id = @kb ORDER BY created_at, id", ct, ("kb", kbId))).Select(r => r.View)];
    }

    public async Task<(DocumentView View, string BlobPath)?> FindAsync(Guid kbId, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await QueryAsync(connection, null, $"SELECT {Columns} FROM knowledge.documents WHERE knowledge_base_id = @kb AND id = @id", ct, ("kb", kbId), ("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Queues the document's indexing again (live generation and any being built); false when not found.</summary>
    public async Task<bool> ReindexAsync(Guid kbId, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(
            "UPDATE knowledge.documents SET status = 'queued', error = NULL, progress_done = 0, progress_total = 0, updated_at = now() WHERE knowledge_base_id = @kb AND id = @id",
            connection, transaction);
        command.Parameters.AddWithValue("kb", kbId);
        command.Parameters.AddWithValue("id", id);
        if (await command.ExecuteNonQueryAsync(ct) == 0)
        {
            return false;
        }
        await generations.EnqueueIndexAsync(connection, id, null, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Deletes the document and its chunks (every generation); returns its blob path, or null when not found.</summary>
    public async Task<string?> DeleteAsync(Guid kbId, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var path = await DeleteAsync(connection, transaction, generations, kbId, id, ct);
        await transaction.CommitAsync(ct);
        return path;
    }

    public static async Task<string?> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IndexGenerations generations, Guid kbId, Guid id, CancellationToken ct)
    {
        // Lock the knowledge base first, as indexing does: a generation switch never sees half a delete.
        await using (var lockKb = new NpgsqlCommand("SELECT 1 FROM knowledge.knowledge_bases WHERE id = @kb FOR UPDATE", connection, transaction))
        {
            lockKb.Parameters.AddWithValue("kb", kbId);
            await lockKb.ExecuteScalarAsync(ct);
        }
        await using var command = new NpgsqlCommand("DELETE FROM knowledge.documents WHERE knowledge_base_id = @kb AND id = @id RETURNING blob_path", connection, transaction);
        command.Parameters.AddWithValue("kb", kbId);
        command.Parameters.AddWithValue("id", id);
        if (await command.ExecuteScalarAsync(ct) is not string path)
        {
            return null;
        }
        // The deleted document may have been the last one a re-index waited for.
        if (!await generations.TryCompleteAsync(connection, transaction, kbId, ct))
        {
            await generations.PublishChangedAsync(connection, kbId, ct);
        }
        return path;
    }

    internal static async Task<List<(DocumentView View, string BlobPath)>> QueryAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(DocumentView, string)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((new DocumentView(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), NullableString(reader, 3), reader.GetInt64(4), reader.GetString(5),
                NullableString(reader, 6), reader.GetString(7), NullableString(reader, 8), reader.GetInt32(9),
                new DocumentProgress(reader.GetInt32(10), reader.GetInt32(11)),
                reader.IsDBNull(12) ? null : reader.GetGuid(12), NullableString(reader, 13), NullableString(reader, 14),
                reader.GetFieldValue<DateTimeOffset>(15), reader.GetFieldValue<DateTimeOffset>(16),
                reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17)), reader.GetString(18)));
        }
        return rows;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
