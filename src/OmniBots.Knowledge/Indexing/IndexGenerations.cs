using System.Text.Json;
using Npgsql;
using OmniBots.Knowledge.KnowledgeBases;
using OmniBots.Platform.Events;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Knowledge.Indexing;

/// <summary>The settings one index generation was (or is being) built with.</summary>
internal sealed record GenerationSettings(int Generation, string? EmbeddingModel, int ChunkSize, int ChunkOverlap);

/// <summary>
/// Index generations of a knowledge base (KB-1): search serves the live one; a change of embedding model
/// or chunking builds the next one beside it, one job per document, and <see cref="TryCompleteAsync"/>
/// switches atomically once every document has finished in it, then drops the old generation's chunks.
/// Every method runs in the caller's transaction with the knowledge base row locked where it matters.
/// </summary>
internal sealed class IndexGenerations(IJobQueue jobs, IEventBus events)
{
    public static async Task InsertGenerationAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid kbId, int generation, KnowledgeBaseSettings s, bool completed, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO knowledge.index_generations (tenant_id, knowledge_base_id, generation, embedding_model, chunk_size, chunk_overlap, completed_at)
            VALUES (platform.current_tenant_id(), @kb, @generation, @model, @size, @overlap, CASE WHEN @completed THEN now() END)
            """, connection, transaction);
        command.Parameters.AddWithValue("kb", kbId);
        command.Parameters.AddWithValue("generation", generation);
        command.Parameters.AddWithValue("model", (object?)s.EmbeddingModel ?? DBNull.Value);
        command.Parameters.AddWithValue("size", s.ChunkSize);
        command.Parameters.AddWithValue("overlap", s.ChunkOverlap);
        command.Parameters.AddWithValue("completed", completed);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Starts building a new generation with <paramref name="settings"/> (the knowledge base row locked by the caller).
    /// A generation still being built is abandoned: its chunks go and the new one replaces it.</summary>
    public async Task StartRebuildAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid kbId, KnowledgeBaseSettings settings, CancellationToken ct)
    {
        await ExecuteAsync(connection, transaction, """
            DELETE FROM knowledge.chunks c USING knowledge.knowledge_bases k
                WHERE k.id = @kb AND c.knowledge_base_id = k.id AND c.generation = k.building_generation;
            DELETE FROM knowledge.document_indexes di USING knowledge.knowledge_bases k
                WHERE k.id = @kb AND di.knowledge_base_id = k.id AND di.generation = k.building_generation;
            DELETE FROM knowledge.index_generations g USING knowledge.knowledge_bases k
                WHERE k.id = @kb AND g.knowledge_base_id = k.id AND g.generation = k.building_generation;
            """, ct, ("kb", kbId));
        int next;
        await using (var command = new NpgsqlCommand("SELECT coalesce(max(generation), 0) + 1 FROM knowledge.index_generations WHERE knowledge_base_id = @kb", connection, transaction))
        {
            command.Parameters.AddWithValue("kb", kbId);
            next = (int)(await command.ExecuteScalarAsync(ct))!;
        }
        await InsertGenerationAsync(connection, transaction, kbId, next, settings, completed: false, ct);
        await ExecuteAsync(connection, transaction, "UPDATE knowledge.knowledge_bases SET building_generation = @generation WHERE id = @kb", ct, ("kb", kbId), ("generation", next));
        var documents = new List<Guid>();
        await using (var command = new NpgsqlCommand("SELECT id FROM knowledge.documents WHERE knowledge_base_id = @kb ORDER BY created_at", connection, transaction))
        {
            command.Parameters.AddWithValue("kb", kbId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                documents.Add(reader.GetGuid(0));
            }
        }
        foreach (var document in documents)
        {
            await EnqueueIndexAsync(connection, document, next, ct);
        }
        await TryCompleteAsync(connection, transaction, kbId, ct);
    }

    /// <summary>Queues indexing of a document: into <paramref name="generation"/> only, or (null) into the live generation and any being built.</summary>
    public async Task EnqueueIndexAsync(NpgsqlConnection connection, Guid documentId, int? generation, CancellationToken ct)
        => await jobs.EnqueueAsync(connection, new JobRequest(IndexDocumentHandler.Kind)
        {
            Payload = JsonSerializer.Serialize(new IndexDocumentPayload(documentId, generation), JsonSerializerOptions.Web),
        }, ct);

    /// <summary>Switches to the generation being built when every document of the knowledge base has finished in it,
    /// and deletes the old generation's chunks. Publishes <see cref="KnowledgeEvents.IndexChanged"/> at commit.</summary>
    public async Task<bool> TryCompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid kbId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT k.building_generation FROM knowledge.knowledge_bases k
            WHERE k.id = @kb AND k.building_generation IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM knowledge.documents d WHERE d.knowledge_base_id = k.id
                  AND NOT EXISTS (SELECT 1 FROM knowledge.document_indexes di WHERE di.document_id = d.id AND di.generation = k.building_generation))
            FOR UPDATE
            """, connection, transaction);
        command.Parameters.AddWithValue("kb", kbId);
        if (await command.ExecuteScalarAsync(ct) is not int building)
        {
            return false;
        }
        await ExecuteAsync(connection, transaction, """
            UPDATE knowledge.knowledge_bases SET live_generation = @building, building_generation = NULL WHERE id = @kb;
            UPDATE knowledge.index_generations SET completed_at = now() WHERE knowledge_base_id = @kb AND generation = @building;
            UPDATE knowledge.documents d SET chunk_count = di.chunk_count,
                status = CASE WHEN di.error IS NULL THEN 'indexed' ELSE 'error' END, error = di.error, updated_at = now()
                FROM knowledge.document_indexes di WHERE di.document_id = d.id AND di.generation = @building AND d.knowledge_base_id = @kb;
            DELETE FROM knowledge.chunks WHERE knowledge_base_id = @kb AND generation < @building;
            DELETE FROM knowledge.document_indexes WHERE knowledge_base_id = @kb AND generation < @building;
            """, ct, ("kb", kbId), ("building", building));
        await PublishChangedAsync(connection, kbId, ct);
        return true;
    }

    public Task PublishChangedAsync(NpgsqlConnection connection, Guid kbId, CancellationToken ct)
        => events.PublishAsync(connection, KnowledgeEvents.IndexChanged, kbId.ToString(), ct);

    public static async Task<GenerationSettings?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid kbId, int generation, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT embedding_model, chunk_size, chunk_overlap FROM knowledge.index_generations WHERE knowledge_base_id = @kb AND generation = @generation",
            connection, transaction);
        command.Parameters.AddWithValue("kb", kbId);
        command.Parameters.AddWithValue("generation", generation);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new GenerationSettings(generation, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2))
            : null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}

internal sealed record IndexDocumentPayload(Guid DocumentId, int? Generation);
