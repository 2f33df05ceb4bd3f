using Npgsql;
using OmniBots.Knowledge.Indexing;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.KnowledgeBases;

/// <summary>The current tenant's knowledge bases, always on a tenant-confined connection.</summary>
internal sealed class KnowledgeBaseStore(TenantDatabase db, IndexGenerations generations)
{
    private const string Columns = """
        k.id, k.name, k.description, k.key, k.embedding_model, k.chunk_size, k.chunk_overlap, k.top_k, k.min_score, k.search_mode,
        k.live_generation, k.building_generation, k.created_at, k.updated_at,
        (SELECT count(*) FROM knowledge.documents d WHERE d.knowledge_base_id = k.id)::int,
        (SELECT coalesce(sum(d.size_bytes), 0) FROM knowledge.documents d WHERE d.knowledge_base_id = k.id)::bigint
        """;

    public enum Outcome { Done, NotFound, KeyTaken }

    public async Task<IReadOnlyList<KnowledgeBaseView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM knowledge.knowledge_bases k ORDER BY k.name, k.id", ct);
    }

    public async Task<KnowledgeBaseView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await QueryAsync(connection, null, $"SELECT {Columns} FROM knowledge.knowledge_bases k WHERE k.id = @id", ct, ("id", id))).SingleOrDefault();
    }

    public async Task<KnowledgeBaseView?> FindByKeyAsync(string key, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await QueryAsync(connection, null, $"SELECT {Columns} FROM knowledge.knowledge_bases k WHERE k.key = @key", ct, ("key", key))).SingleOrDefault();
    }

    public async Task<(Outcome, KnowledgeBaseView?)> CreateAsync(KnowledgeBaseSettings settings, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await InsertAsync(connection, transaction, Guid.NewGuid(), settings, ct);
        if (id is null)
        {
            return (Outcome.KeyTaken, null);
        }
        var view = (await QueryAsync(connection, transaction, $"SELECT {Columns} FROM knowledge.knowledge_bases k WHERE k.id = @id", ct, ("id", id.Value))).Single();
        await transaction.CommitAsync(ct);
        return (Outcome.Done, view);
    }

    /// <summary>Inserts the knowledge base with an empty, complete generation 1; null when its key is taken.</summary>
    public static async Task<Guid?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, KnowledgeBaseSettings s, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO knowledge.knowledge_bases (id, tenant_id, name, description, key, embedding_model, chunk_size, chunk_overlap, top_k, min_score, search_mode)
            VALUES (@id, platform.current_tenant_id(), @name, @description, @key, @model, @size, @overlap, @topK, @minScore, @mode)
            ON CONFLICT DO NOTHING RETURNING id
            """, connection, transaction);
        AddSettings(command, s);
        command.Parameters.AddWithValue("id", id);
        if (await command.ExecuteScalarAsync(ct) is not Guid inserted)
        {
            return null;
        }
        await IndexGenerations.InsertGenerationAsync(connection, transaction, inserted, 1, s, completed: true, ct);
        return inserted;
    }

    /// <summary>Replaces the settings; a new embedding model or chunking starts a re-index into a new generation.</summary>
    public async Task<(Outcome, KnowledgeBaseView?)> ReplaceAsync(Guid id, KnowledgeBaseSettings settings, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = (await QueryAsync(connection, transaction, $"SELECT {Columns} FROM knowledge.knowledge_bases k WHERE k.id = @id FOR UPDATE OF k", ct, ("id", id))).SingleOrDefault();
        if (current is null)
        {
            return (Outcome.NotFound, null);
        }
        if (settings.Key is not null && await KeyUsedElsewhereAsync(connection, transaction, id, settings.Key, ct))
        {
            return (Outcome.KeyTaken, null);
        }
        await using (var command = new NpgsqlCommand("""
            UPDATE knowledge.knowledge_bases SET name = @name, description = @description, key = @key, embedding_model = @model,
                chunk_size = @size, chunk_overlap = @overlap, top_k = @topK, min_score = @minScore, search_mode = @mode, updated_at = now()
            WHERE id = @id
            """, connection, transaction))
        {
            AddSettings(command, settings);
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync(ct);
        }
        if (settings.NeedsReindexComparedTo(ToSettings(current)))
        {
            await generations.StartRebuildAsync(connection, transaction, id, settings, ct);
        }
        var view = (await QueryAsync(connection, transaction, $"SELECT {Columns} FROM knowledge.knowledge_bases k WHERE k.id = @id", ct, ("id", id))).Single();
        await transaction.CommitAsync(ct);
        return (Outcome.Done, view);
    }

    /// <summary>Deletes the knowledge base with its documents and chunks; returns the blob paths of its originals, or null when not found.</summary>
    public async Task<IReadOnlyList<string>?> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var paths = new List<string>();
        await using (var select = new NpgsqlCommand("SELECT blob_path FROM knowledge.documents WHERE knowledge_base_id = @id", connection, transaction))
        {
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                paths.Add(reader.GetString(0));
            }
        }
        await using var delete = new NpgsqlCommand("DELETE FROM knowledge.knowledge_bases WHERE id = @id", connection, transaction);
        delete.Parameters.AddWithValue("id", id);
        if (await delete.ExecuteNonQueryAsync(ct) == 0)
        {
            return null;
        }
        await transaction.CommitAsync(ct);
        return paths;
    }

    public static KnowledgeBaseSettings ToSettings(KnowledgeBaseView v)
        => new(v.Name, v.Description, v.Key, v.EmbeddingModel, v.ChunkSize, v.ChunkOverlap, v.TopK, v.MinScore, v.SearchMode);

    private static async Task<bool> KeyUsedElsewhereAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM knowledge.knowledge_bases WHERE key = @key AND id <> @id)", connection, transaction);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("id", id);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static void AddSettings(NpgsqlCommand command, KnowledgeBaseSettings s)
    {
        command.Parameters.AddWithValue("name", s.Name);
        command.Parameters.AddWithValue("description", s.Description);
        command.Parameters.AddWithValue("key", (object?)s.Key ?? DBNull.Value);
        command.Parameters.AddWithValue("model", (object?)s.EmbeddingModel ?? DBNull.Value);
        command.Parameters.AddWithValue("size", s.ChunkSize);
        command.Parameters.AddWithValue("overlap", s.ChunkOverlap);
        command.Parameters.AddWithValue("topK", s.TopK);
        command.Parameters.AddWithValue("minScore", (float)s.MinScore);
        command.Parameters.AddWithValue("mode", s.SearchMode);
    }

    private static async Task<List<KnowledgeBaseView>> QueryAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<KnowledgeBaseView>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new KnowledgeBaseView(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                Math.Round(reader.GetFloat(8), 4), reader.GetString(9),
                new IndexingState(reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetInt32(11), reader.GetInt32(14), reader.GetInt64(15)),
                reader.GetFieldValue<DateTimeOffset>(12), reader.GetFieldValue<DateTimeOffset>(13)));
        }
        return rows;
    }
}
