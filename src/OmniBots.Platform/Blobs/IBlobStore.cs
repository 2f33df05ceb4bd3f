namespace OmniBots.Platform.Blobs;

/// <summary>
/// Files of every module (knowledge-base documents, attachments, exports). One contract over a
/// local folder (one node) or any S3-compatible store (several nodes). Keys come from
/// <see cref="BlobKey"/>, so a caller cannot reach another tenant's files by building a path.
/// <b>Platform code only</b> (tenant exports, retention, migrations between tenants): it takes any
/// tenant's keys. Code working for one tenant uses <see cref="ITenantBlobStore"/>, which cannot
/// address another tenant's blobs.
/// A blob is written whole or not at all: readers see the previous content or the new one, never
/// a part. Missing blobs are values (not-found results, <c>null</c>, <c>false</c>), not exceptions.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes <paramref name="content"/> (read to its end, not disposed) under
    /// <paramref name="key"/>, replacing any blob there, and reports its size and SHA-256.</summary>
    Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, BlobPutOptions? options, CancellationToken ct);

    /// <summary>Opens the blob for reading; dispose the result to release the stream.</summary>
    Task<BlobReadResult> GetAsync(BlobKey key, CancellationToken ct);

    /// <summary>The blob's properties, or <c>null</c> when there is none.</summary>
    Task<BlobProperties?> GetPropertiesAsync(BlobKey key, CancellationToken ct);

    Task<bool> ExistsAsync(BlobKey key, CancellationToken ct);

    /// <summary>Removes the blob; removing a missing blob is not an error.</summary>
    Task DeleteAsync(BlobKey key, CancellationToken ct);

    /// <summary>One page of the blobs whose keys start with <paramref name="prefix"/>, in ordinal key
    /// order. Pass the page's <see cref="BlobPage.ContinuationToken"/> back for the next page.</summary>
    Task<BlobPage> ListAsync(BlobPrefix prefix, string? continuationToken, int pageSize, CancellationToken ct);

    /// <summary>Copies content, content type and metadata to <paramref name="destination"/>, replacing
    /// what is there. Returns <c>false</c> when <paramref name="source"/> does not exist.</summary>
    Task<bool> CopyAsync(BlobKey source, BlobKey destination, CancellationToken ct);
}
