using Npgsql;
using NpgsqlTypes;
using OmniBots.Knowledge.Chunking;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Indexing;

/// <summary>
/// The indexing job's database side. Every write locks the knowledge base row first (as a generation switch and a
/// delete do), re-checks that the target generation is still live or being built, and is fenced by the document's
/// blob path: a job for content that was replaced meanwhile writes nothing.
/// </summary>
internal sealed class IndexWriter(TenantDatabase db, IndexGenerations generations)
{
    public async Task<IndexedDocument?> ReadDocumentAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT knowledge_base_id, file_name, content_type, blob_path FROM knowledge.documents WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new IndexedDocument(id, reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3))
            : null;
    }

    /// <summary>The generation asked for if it is still live or being built; with none asked, the live one and any being built.</summary>
    public async Task<IReadOnlyList<GenerationSettings>> TargetsAsync(IndexedDocument document, int? requested, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var (live, building) = await GenerationsAsync(connection, null, document.KnowledgeBaseId, ct);
        var numbers = requested is { } r ? (r == live || r == building ? [r] : []) : building is { } b ? new[] { live, b } : [live];
        var targets = new List<GenerationSettings>();
        foreach (var number in numbers)
        {
            if (await IndexGenerations.ReadAsync(connection, null, document.KnowledgeBaseId, number, ct) is { } settings)
            {
                targets.Add(settings);
            }
        }
        return targets;
    }

    public Task MarkProcessingAsync(IndexedDocument document, CancellationToken ct)
        => ExecuteAsync("UPDATE knowledge.documents SET status = 'processing', error = NULL, progress_done = 0, progress_total = 0, updated_at = now() WHERE id = @id AND blob_path = @path",
            document, ct);

    public Task ReportProgressAsync(IndexedDocument document, int done, int total, CancellationToken ct)
        => ExecuteAsync("UPDATE knowledge.documents SET progress_done = @done, progress_total = @total WHERE id = @id AND blob_path = @path",
            document, ct, ("done", done), ("total", total));

    /// <summary>Replaces the document's chunks in <paramref name="target"/> in one transaction; <paramref name="last"/> flips it to indexed.</summary>
    public async Task WriteAsync(IndexedDocument document, GenerationSettings target, string? title, IReadOnlyList<TextChunk> chunks,
        IReadOnlyList<float[]?> vectors, bool last, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await LockAndCheckAsync(connection, transaction, document, target.Generation, ct))
        {
            return;
        }
        await ReplaceIndexAsync(connection, transaction, document, target.Generation, chunks.Count, null, ct);
        await InsertChunksAsync(connection, transaction, document, target.Generation, chunks, vectors, ct);
        var (live, _) = await GenerationsAsync(connection, transaction, document.KnowledgeBaseId, ct);
        await using (var update = new NpgsqlCommand("""
            UPDATE knowledge.documents SET title = @title, updated_at = now(),
                chunk_count = CASE WHEN @live THEN @count ELSE chunk_count END,
                status = CASE WHEN @last THEN 'indexed' ELSE status END, error = CASE WHEN @last THEN NULL ELSE error END,
                indexed_at = CASE WHEN @last THEN now() ELSE indexed_at END
            WHERE id = @id
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("title", (object?)title ?? DBNull.Value);
            update.Parameters.AddWithValue("live", target.Generation == live);
            update.Parameters.AddWithValue("count", chunks.Count);
            update.Parameters.AddWithValue("last", last);
            update.Parameters.AddWithValue("id", document.Id);
            await update.ExecuteNonQueryAsync(ct);
        }
        await FinishAsync(connection, transaction, document, target.Generation == live, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Records a permanent failure in every target generation (no chunks) and on the document.</summary>
    public async Task WriteErrorAsync(IndexedDocument document, IReadOnlyList<GenerationSettings> targets, string reason, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var wroteLive = false;
        foreach (var target in targets)
        {
            if (await LockAndCheckAsync(connection, transaction, document, target.Generation, ct))
            {
                await ReplaceIndexAsync(connection, transaction, document, target.Generation, 0, reason, ct);
                wroteLive |= (await GenerationsAsync(connection, transaction, document.KnowledgeBaseId, ct)).Live == target.Generation;
            }
        }
        await using (var update = new NpgsqlCommand(
            "UPDATE knowledge.documents SET status = 'error', error = @reason, chunk_count = CASE WHEN @live THEN 0 ELSE chunk_count END, updated_at = now() WHERE id = @id AND blob_path = @path",
            connection, transaction))
        {
            update.Parameters.AddWithValue("reason", reason);
            update.Parameters.AddWithValue("live", wroteLive);
            update.Parameters.AddWithValue("id", document.Id);
            update.Parameters.AddWithValue("path", document.BlobPath);
            await update.ExecuteNonQueryAsync(ct);
        }
        await FinishAsync(connection, transaction, document, wroteLive, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IndexedDocument document, bool liveChanged, CancellationToken ct)
    {
        var switched = await generations.TryCompleteAsync(connection, transaction, document.KnowledgeBaseId, ct);
        if (liveChanged && !switched)
        {
            await generations.PublishChangedAsync(connection, document.KnowledgeBaseId, ct);
        }
    }

    private static async Task<bool> LockAndCheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IndexedDocument document, int generation, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM knowledge.knowledge_bases k WHERE k.id = @kb AND @generation IN (k.live_generation, k.building_generation))
               AND EXISTS (SELECT 1 FROM knowledge.documents d WHERE d.id = @id AND d.blob_path = @path)
            FROM (SELECT 1 FROM knowledge.knowledge_bases WHERE id = @kb FOR UPDATE) locked
            """, connection, transaction);
        command.Parameters.AddWithValue("kb", document.KnowledgeBaseId);
        command.Parameters.AddWithValue("generation", generation);
        command.Parameters.AddWithValue("id", document.Id);
        command.Parameters.AddWithValue("path", document.BlobPath);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    private static async Task ReplaceIndexAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IndexedDocument document, int generation, int count, string? error, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            DELETE FROM knowledge.chunks WHERE document_id = @id AND generation = @generation;
            INSERT INTO knowledge.document_indexes (tenant_id, document_id, knowledge_base_id, generation, chunk_count, error)
            VALUES (platform.current_tenant_id(), @id, @kb, @generation, @count, @error)
            ON CONFLICT (document_id, generation) DO UPDATE SET chunk_count = EXCLUDED.chunk_count, error = EXCLUDED.error, indexed_at = now();
            """, connection, transaction);
        command.Parameters.AddWithValue("id", document.Id);
        command.Parameters.AddWithValue("kb", document.KnowledgeBaseId);
        command.Parameters.AddWithValue("generation", generation);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<(int Live, int? Building)> GenerationsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid kbId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT live_generation, building_generation FROM knowledge.knowledge_bases WHERE id = @kb", connection, transaction);
        command.Parameters.AddWithValue("kb", kbId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1)) : (0, null);
    }

    /// <summary>Multi-row inserts from arrays (COPY is refused on tables with row-level security), 500 rows a statement.
    /// Heading paths travel as JSON arrays because PostgreSQL arrays cannot be jagged.</summary>
    private static async Task InsertChunksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IndexedDocument document, int generation,
        IReadOnlyList<TextChunk> chunks, IReadOnlyList<float[]?> vectors, CancellationToken ct)
    {
        const int BatchRows = 500;
        for (var start = 0; start < chunks.Count; start += BatchRows)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchRows, chunks.Count - start)).ToList();
            await using var command = new NpgsqlCommand("""
                INSERT INTO knowledge.chunks (tenant_id, knowledge_base_id, document_id, generation, position, heading_path, page, kind, text, token_count, embedding)
                SELECT platform.current_tenant_id(), @kb, @id, @generation, u.position, ARRAY(SELECT jsonb_array_elements_text(u.heading::jsonb)),
                       u.page, u.kind, u.text, u.tokens, u.embedding
                FROM unnest(@positions, @headings, @pages, @kinds, @texts, @tokens, @embeddings) AS u(position, heading, page, kind, text, tokens, embedding)
                """, connection, transaction);
            command.Parameters.AddWithValue("kb", document.KnowledgeBaseId);
            command.Parameters.AddWithValue("id", document.Id);
            command.Parameters.AddWithValue("generation", generation);
            command.Parameters.AddWithValue("positions", batch.Select(i => chunks[i].Position).ToArray());
            command.Parameters.AddWithValue("headings", batch.Select(i => System.Text.Json.JsonSerializer.Serialize(chunks[i].HeadingPath)).ToArray());
            command.Parameters.Add(new NpgsqlParameter("pages", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = batch.Select(i => chunks[i].Page).ToArray() });
            command.Parameters.AddWithValue("kinds", batch.Select(i => ChunkKinds.Of(chunks[i].Kind)).ToArray());
            command.Parameters.AddWithValue("texts", batch.Select(i => chunks[i].Text).ToArray());
            command.Parameters.AddWithValue("tokens", batch.Select(i => chunks[i].TokenCount).ToArray());
            command.Parameters.Add(new NpgsqlParameter("embeddings", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
            {
                Value = batch.Select(i => vectors[i] is { } v ? EmbeddingCodec.Encode(v) : null).ToArray(),
            });
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task ExecuteAsync(string sql, IndexedDocument document, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", document.Id);
        command.Parameters.AddWithValue("path", document.BlobPath);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}

internal static class ChunkKinds
{
    public static string Of(Parsing.BlockKind kind) => kind switch
    {
        Parsing.BlockKind.ListItem => "list",
        Parsing.BlockKind.TableRow => "table-row",
        Parsing.BlockKind.Record => "record",
        _ => "paragraph",
    };
}
