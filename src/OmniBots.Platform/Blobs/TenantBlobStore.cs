using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Blobs;

/// <summary><see cref="ITenantBlobStore"/> over the platform's <see cref="IBlobStore"/>. The tenant is
/// read at each call, not at construction, because the scope may be resolved before the request's
/// principal (or the job runner) sets it.</summary>
internal sealed class TenantBlobStore(IBlobStore store, ITenantContext tenant) : ITenantBlobStore
{
    public async Task<TenantBlobWriteResult> PutAsync(string path, Stream content, BlobPutOptions? options, CancellationToken ct)
    {
        var written = await store.PutAsync(Key(path), content, options, ct);
        return new TenantBlobWriteResult(path, written.Size, written.Sha256);
    }

    public async Task<TenantBlobReadResult> GetAsync(string path, CancellationToken ct)
    {
        var read = await store.GetAsync(Key(path), ct);
        return read.Found ? TenantBlobReadResult.Of(read.Content, TenantBlobProperties.Of(path, read.Properties)) : TenantBlobReadResult.NotFound(path);
    }

    public async Task<TenantBlobProperties?> GetPropertiesAsync(string path, CancellationToken ct)
        => await store.GetPropertiesAsync(Key(path), ct) is { } properties ? TenantBlobProperties.Of(path, properties) : null;

    public Task<bool> ExistsAsync(string path, CancellationToken ct) => store.ExistsAsync(Key(path), ct);

    public Task DeleteAsync(string path, CancellationToken ct) => store.DeleteAsync(Key(path), ct);

    public async Task<TenantBlobPage> ListAsync(string prefix, string? continuationToken, int pageSize, CancellationToken ct)
    {
        var tenantId = TenantId();
        var page = await store.ListAsync(BlobPrefix.ForTenant(tenantId, prefix), continuationToken, pageSize, ct);
        var items = page.Items.Select(item => new TenantBlobItem(PathOf(tenantId, item.Key), item.Size, item.LastModified)).ToList();
        return new TenantBlobPage(items, page.ContinuationToken);
    }

    public Task<bool> CopyAsync(string sourcePath, string destinationPath, CancellationToken ct)
    {
        var tenantId = TenantId();
        return store.CopyAsync(BlobKey.ForTenant(tenantId, sourcePath), BlobKey.ForTenant(tenantId, destinationPath), ct);
    }

    private Guid TenantId() => tenant.TenantId ?? throw new TenantRequiredException();

    private BlobKey Key(string path) => BlobKey.ForTenant(TenantId(), path);

    // The stores only list under the prefix they are given; checked anyway, because a path handed
    // to tenant code must never stand for another tenant's blob.
    private static string PathOf(Guid tenantId, BlobKey key)
        => key.TenantId == tenantId ? key.Path : throw new InvalidOperationException($"The blob store listed '{key}' outside tenant {tenantId}'s prefix.");
}
