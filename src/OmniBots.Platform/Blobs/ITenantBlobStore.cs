namespace OmniBots.Platform.Blobs;

/// <summary>
/// The files of the current scope's tenant (<see cref="Tenancy.ITenantContext"/>): what module code
/// serving a request or a job uses. Paths are relative to the tenant (<c>kb/doc1.pdf</c>); the store
/// puts the tenant's prefix in front of every key and takes it off every result, and takes no
/// <see cref="BlobKey"/>, so there is no way to name another tenant's blob. Paths follow
/// <see cref="BlobPath"/>'s rules and a bad one is an <see cref="ArgumentException"/>: check user
/// input with <see cref="BlobPath.Check"/> first. Otherwise the semantics are
/// <see cref="IBlobStore"/>'s. Scoped; every method throws <see cref="Tenancy.TenantRequiredException"/>
/// when the scope has no tenant.
/// </summary>
public interface ITenantBlobStore
{
    /// <summary>Writes <paramref name="content"/> (read to its end, not disposed) at
    /// <paramref name="path"/>, replacing any blob there, and reports its size and SHA-256.</summary>
    Task<TenantBlobWriteResult> PutAsync(string path, Stream content, BlobPutOptions? options, CancellationToken ct);

    /// <summary>Opens the blob for reading; dispose the result to release the stream.</summary>
    Task<TenantBlobReadResult> GetAsync(string path, CancellationToken ct);

    /// <summary>The blob's properties, or <c>null</c> when there is none.</summary>
    Task<TenantBlobProperties?> GetPropertiesAsync(string path, CancellationToken ct);

    Task<bool> ExistsAsync(string path, CancellationToken ct);

    /// <summary>Removes the blob; removing a missing blob is not an error.</summary>
    Task DeleteAsync(string path, CancellationToken ct);

    /// <summary>One page of the tenant's blobs whose paths start with <paramref name="prefix"/>
    /// (empty: all of them), in ordinal order. The continuation token is opaque and only valid for
    /// the listing that returned it.</summary>
    Task<TenantBlobPage> ListAsync(string prefix, string? continuationToken, int pageSize, CancellationToken ct);

    /// <summary>Copies content, content type and metadata to <paramref name="destinationPath"/> of the
    /// same tenant. Returns <c>false</c> when <paramref name="sourcePath"/> does not exist.</summary>
    Task<bool> CopyAsync(string sourcePath, string destinationPath, CancellationToken ct);
}
