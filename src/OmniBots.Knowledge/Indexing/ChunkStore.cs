using System.Text.Json;
using Npgsql;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Indexing;

/// <summary>
/// <see cref="IChunkStore"/> over <c>knowledge.chunks</c>: chunks of the live generation whose document finished
/// indexing in it without error (a <c>document_indexes</c> row, written in the same transaction as the chunks).
/// </summary>
internal sealed class ChunkStore(TenantDatabase db) : IChunkStore
{
    public async Task<ChunkSet> ReadSearchableAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        await using var connection = await db.OpenAsync(ct);
        // One snapshot: the generation and its chunks cannot disagree when a switch commits meanwhile.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        int generation;
        string? model;
        await using (var head = new NpgsqlCommand("""
            SELECT k.live_generation, g.embedding_model FROM knowledge.knowledge_bases k
            JOIN knowledge.index_generations g ON g.knowledge_base_id = k.id AND g.generation = k.live_generation WHERE k.id = @kb
            """, connection, transaction))
        {
            head.Parameters.AddWithValue("kb", knowledgeBaseId);
            await using var reader = await head.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return new ChunkSet(knowledgeBaseId, 0, []);
            }
            (generation, model) = (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        }
        var chunks = new List<IndexedChunk>();
        var metadataByDocument = new Dictionary<Guid, IReadOnlyDictionary<string, string>>();
        await using (var command = new NpgsqlCommand("""
            SELECT c.id, c.document_id, d.source_id, coalesce(d.title, d.file_name), c.heading_path, c.page, c.position, c.text, c.token_count,
                   c.embedding, d.metadata::text, d.url, d.file_name
            FROM knowledge.chunks c
            JOIN knowledge.document_indexes di ON di.document_id = c.document_id AND di.generation = c.generation AND di.error IS NULL
            JOIN knowledge.documents d ON d.id = c.document_id
            WHERE c.knowledge_base_id = @kb AND c.generation = @generation
            ORDER BY c.document_id, c.position
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("kb", knowledgeBaseId);
            command.Parameters.AddWithValue("generation", generation);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var documentId = reader.GetGuid(1);
                if (!metadataByDocument.TryGetValue(documentId, out var metadata))
                {
                    metadata = ReadMetadata(reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetString(12));
                    metadataByDocument[documentId] = metadata;
                }
                chunks.Add(new IndexedChunk
                {
                    ChunkId = reader.GetGuid(0),
                    DocumentId = documentId,
                    SourceId = reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    DocumentTitle = reader.GetString(3),
                    HeadingPath = reader.GetFieldValue<string[]>(4),
                    Page = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    Position = reader.GetInt32(6),
                    Text = reader.GetString(7),
                    TokenCount = reader.GetInt32(8),
                    Vector = reader.IsDBNull(9) ? (ReadOnlyMemory<float>?)null : EmbeddingCodec.Decode(reader.GetFieldValue<byte[]>(9)),
                    Metadata = metadata,
                });
            }
        }
        await transaction.CommitAsync(ct);
        return new ChunkSet(knowledgeBaseId, generation, chunks) { EmbeddingModel = model };
    }

    public async Task<int?> ReadLiveGenerationAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT live_generation FROM knowledge.knowledge_bases WHERE id = @kb", connection);
        command.Parameters.AddWithValue("kb", knowledgeBaseId);
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    /// <summary>The document's metadata for filters, with <c>url</c> and <c>fileName</c> added.</summary>
    private static Dictionary<string, string> ReadMetadata(string json, string? url, string fileName)
    {
        var metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        if (url is not null)
        {
            metadata["url"] = url;
        }
        metadata["fileName"] = fileName;
        return metadata;
    }
}
