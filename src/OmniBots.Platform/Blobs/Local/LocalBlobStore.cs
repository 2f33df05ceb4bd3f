using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Blobs.Local;

/// <summary>
/// Blobs in a local folder (see <see cref="LocalBlobLayout"/>). A write streams into a temporary
/// file, flushes it to disk and renames it to a new content file, then commits by renaming a new
/// sidecar over the old one; only then is the previous content file removed. A crash therefore
/// leaves the old blob or the new one visible, at worst with an unreferenced file beside it.
/// Commits of one key are serialised within the process; the folder belongs to one node.
/// </summary>
internal sealed class LocalBlobStore(IOptions<BlobOptions> options, TimeProvider time) : IBlobStore
{
    private const int BufferSize = 81_920;
    private const int ReadAttempts = 5;

    private readonly LocalBlobLayout _layout = new(options.Value.Local.Root);
    private readonly KeyLocks _locks = new();

    public async Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, BlobPutOptions? putOptions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var contentType = BlobContentType.Normalize(putOptions?.ContentType);
        var metadata = BlobMetadata.Normalize(putOptions?.Metadata);
        var (folder, name) = _layout.Locate(key.Value);
        Directory.CreateDirectory(folder);

        var temp = _layout.TempPath(folder, name);
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
                size += read;
            }
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        await CommitAsync(key, temp, new LocalSidecar("", size, sha256, contentType, time.GetUtcNow(), metadata), ct);
        return new BlobWriteResult(key, size, sha256);
    }

    public async Task<BlobReadResult> GetAsync(BlobKey key, CancellationToken ct)
    {
        var (folder, name) = _layout.Locate(key.Value);
        // A concurrent write may remove the content file between reading the sidecar and opening
        // it; the sidecar then already names the newer file, so read it again.
        for (var attempt = 0; attempt < ReadAttempts; attempt++)
        {
            if (await LocalSidecar.ReadAsync(_layout.SidecarPath(folder, name), ct) is not { } sidecar)
            {
                return BlobReadResult.NotFound(key);
            }
            var stream = TryOpen(_layout.ContentPath(folder, name, sidecar.Version));
            if (stream is not null)
            {
                return BlobReadResult.Of(stream, sidecar.ToProperties(key));
            }
        }
        throw new IOException($"Blob '{key}' names a content file that does not exist: the folder was changed outside the store.");
    }

    public async Task<BlobProperties?> GetPropertiesAsync(BlobKey key, CancellationToken ct)
    {
        var (folder, name) = _layout.Locate(key.Value);
        return (await LocalSidecar.ReadAsync(_layout.SidecarPath(folder, name), ct))?.ToProperties(key);
    }

    public async Task<bool> ExistsAsync(BlobKey key, CancellationToken ct) => await GetPropertiesAsync(key, ct) is not null;

    public async Task DeleteAsync(BlobKey key, CancellationToken ct)
    {
        var (folder, name) = _layout.Locate(key.Value);
        using var held = await _locks.AcquireAsync(key.Value, ct);
        var sidecarPath = _layout.SidecarPath(folder, name);
        if (await LocalSidecar.ReadAsync(sidecarPath, ct) is { } sidecar)
        {
            // The sidecar goes first: once it is gone the blob is gone, whatever happens next.
            File.Delete(sidecarPath);
            File.Delete(_layout.ContentPath(folder, name, sidecar.Version));
        }
    }

    public Task<BlobPage> ListAsync(BlobPrefix prefix, string? continuationToken, int pageSize, CancellationToken ct)
        => new LocalBlobListing(_layout).ListAsync(prefix.Value, continuationToken, pageSize, ct);

    public async Task<bool> CopyAsync(BlobKey source, BlobKey destination, CancellationToken ct)
    {
        var (sourceFolder, sourceName) = _layout.Locate(source.Value);
        var (folder, name) = _layout.Locate(destination.Value);
        for (var attempt = 0; attempt < ReadAttempts; attempt++)
        {
            if (await LocalSidecar.ReadAsync(_layout.SidecarPath(sourceFolder, sourceName), ct) is not { } sidecar)
            {
                return false;
            }
            Directory.CreateDirectory(folder);
            var temp = _layout.TempPath(folder, name);
            try
            {
                File.Copy(_layout.ContentPath(sourceFolder, sourceName, sidecar.Version), temp);
            }
            catch (FileNotFoundException)
            {
                continue; // replaced while we read it: take the newer sidecar
            }
            await CommitAsync(destination, temp, sidecar with { LastModified = time.GetUtcNow() }, ct);
            return true;
        }
        throw new IOException($"Blob '{source}' names a content file that does not exist: the folder was changed outside the store.");
    }

    /// <summary>Turns a complete temporary content file into the blob's current content.</summary>
    private async Task CommitAsync(BlobKey key, string tempContent, LocalSidecar sidecar, CancellationToken ct)
    {
        var (folder, name) = _layout.Locate(key.Value);
        var version = LocalBlobLayout.NewVersion();
        var contentPath = _layout.ContentPath(folder, name, version);
        var committed = false;
        try
        {
            File.Move(tempContent, contentPath);
            using var held = await _locks.AcquireAsync(key.Value, ct);
            var sidecarPath = _layout.SidecarPath(folder, name);
            var previous = await LocalSidecar.ReadAsync(sidecarPath, ct);
            await (sidecar with { Version = version }).WriteAsync(sidecarPath, _layout.TempPath(folder, name), ct);
            committed = true;
            if (previous is not null)
            {
                File.Delete(_layout.ContentPath(folder, name, previous.Version));
            }
        }
        finally
        {
            if (!committed)
            {
                File.Delete(tempContent);
                File.Delete(contentPath);
            }
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
