using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Knowledge.Documents;
using OmniBots.Knowledge.Indexing;
using OmniBots.Platform.Blobs;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Ingestion;

/// <summary>
/// <see cref="IDocumentIngestion"/>: spools the content to a temporary file while hashing it (so the size and SHA-256
/// are known before anything is stored), then, with the knowledge base row locked (quota and duplicate checks cannot
/// race), stores the original in the tenant's blobs at <c>knowledge/{kb}/{document}/{sha256}</c>, writes the document
/// row and enqueues its indexing job in one transaction.
/// </summary>
internal sealed class DocumentIngestion(
    TenantDatabase db, ITenantBlobStore blobs, IndexGenerations generations, IOptions<UploadLimits> limits, ILogger<DocumentIngestion> logger)
    : IDocumentIngestion
{
    public async Task<IngestResult> IngestAsync(Guid knowledgeBaseId, IngestFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ct = cancellationToken;
        var name = Path.GetFileName(file.FileName.Replace('\\', '/')).Trim();
        if (name.Length is 0 or > 400)
        {
            return new IngestResult(Guid.Empty, IngestOutcome.Rejected, "A file name of 1 to 400 characters is required.");
        }
        var max = limits.Value.MaxFileBytes;
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var (size, sha) = await SpoolAsync(file.Content, spool, max, ct);
        if (size > max)
        {
            return new IngestResult(Guid.Empty, IngestOutcome.Rejected, $"'{name}' is larger than the limit of {max} bytes per file.");
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await ScalarAsync(connection, transaction, "SELECT 1 FROM knowledge.knowledge_bases WHERE id = @kb FOR UPDATE", ct, ("kb", knowledgeBaseId)) is null)
        {
            return new IngestResult(Guid.Empty, IngestOutcome.Rejected, "No such knowledge base.");
        }
        (Guid Id, string Sha, string Path)? existing = null;
        if (file.SourceId is { } sourceId && file.ExternalId is { } externalId)
        {
            await using var find = Command(connection, transaction,
                "SELECT id, sha256, blob_path FROM knowledge.documents WHERE knowledge_base_id = @kb AND source_id = @source AND external_id = @external",
                ("kb", knowledgeBaseId), ("source", sourceId), ("external", externalId));
            await using var reader = await find.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                existing = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2));
            }
        }
        if (existing is { } same && same.Sha == sha)
        {
            return new IngestResult(same.Id, IngestOutcome.Unchanged);
        }
        var replacing = existing?.Id ?? Guid.Empty;
        if (await ScalarAsync(connection, transaction, "SELECT id FROM knowledge.documents WHERE knowledge_base_id = @kb AND sha256 = @sha AND id <> @replacing", ct,
                ("kb", knowledgeBaseId), ("sha", sha), ("replacing", replacing)) is Guid duplicate)
        {
            return new IngestResult(duplicate, IngestOutcome.Duplicate, $"'{name}' has the same content as a document already in this knowledge base.");
        }
        var used = (long)(await ScalarAsync(connection, transaction,
            "SELECT coalesce(sum(size_bytes), 0)::bigint FROM knowledge.documents WHERE knowledge_base_id = @kb AND id <> @replacing", ct,
            ("kb", knowledgeBaseId), ("replacing", replacing)))!;
        if (used + size > limits.Value.MaxKnowledgeBaseBytes)
        {
            return new IngestResult(Guid.Empty, IngestOutcome.Rejected,
                $"'{name}' ({size} bytes) would take the knowledge base over its limit of {limits.Value.MaxKnowledgeBaseBytes} bytes ({used} used).");
        }

        var documentId = existing?.Id ?? Guid.NewGuid();
        var path = $"knowledge/{knowledgeBaseId:N}/{documentId:N}/{sha}";
        spool.Position = 0;
        await blobs.PutAsync(path, spool, new BlobPutOptions { ContentType = file.ContentType ?? "application/octet-stream" }, ct);
        try
        {
            await using (var upsert = Command(connection, transaction, """
                INSERT INTO knowledge.documents (id, tenant_id, knowledge_base_id, file_name, content_type, size_bytes, sha256, blob_path, source_id, external_id, url, metadata)
                VALUES (@id, platform.current_tenant_id(), @kb, @name, @type, @size, @sha, @path, @source, @external, @url, @metadata)
                ON CONFLICT (id) DO UPDATE SET file_name = EXCLUDED.file_name, content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes,
                    sha256 = EXCLUDED.sha256, blob_path = EXCLUDED.blob_path, url = EXCLUDED.url, metadata = EXCLUDED.metadata,
                    status = 'queued', error = NULL, progress_done = 0, progress_total = 0, updated_at = now()
                """, ("id", documentId), ("kb", knowledgeBaseId), ("name", name), ("type", (object?)file.ContentType ?? DBNull.Value), ("size", size),
                ("sha", sha), ("path", path), ("source", (object?)file.SourceId ?? DBNull.Value), ("external", (object?)file.ExternalId ?? DBNull.Value),
                ("url", (object?)file.Url?.ToString() ?? DBNull.Value)))
            {
                upsert.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(file.Metadata) });
                await upsert.ExecuteNonQueryAsync(ct);
            }
            await generations.EnqueueIndexAsync(connection, documentId, null, ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await blobs.DeleteAsync(path, CancellationToken.None);
            throw;
        }
        if (existing is { } old && old.Path != path)
        {
            await blobs.DeleteAsync(old.Path, ct);
        }
        logger.LogInformation("Document {DocumentId} ({Size} bytes) queued for indexing in knowledge base {KnowledgeBaseId}", documentId, size, knowledgeBaseId);
        return new IngestResult(documentId, IngestOutcome.Queued);
    }

    public async Task<bool> RemoveAsync(Guid knowledgeBaseId, Guid sourceId, string externalId, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await ScalarAsync(connection, transaction,
                "SELECT id FROM knowledge.documents WHERE knowledge_base_id = @kb AND source_id = @source AND external_id = @external", ct,
                ("kb", knowledgeBaseId), ("source", sourceId), ("external", externalId)) is not Guid id)
        {
            return false;
        }
        var path = await DocumentStore.DeleteAsync(connection, transaction, generations, knowledgeBaseId, id, ct);
        await transaction.CommitAsync(ct);
        if (path is not null)
        {
            await blobs.DeleteAsync(path, ct);
        }
        return path is not null;
    }

    /// <summary>Copies at most <paramref name="max"/> + 1 bytes (enough to know the file is too large) and hashes them.</summary>
    private static async Task<(long Size, string Sha256)> SpoolAsync(Stream content, Stream spool, long max, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > max)
            {
                return (size, "");
            }
            hash.AppendData(buffer, 0, read);
            await spool.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (n, v) in parameters)
        {
            command.Parameters.AddWithValue(n, v);
        }
        return command;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }
}
