namespace OmniBots.Platform.Blobs.Local;

/// <summary>
/// Lists keys in ordinal order by walking the folders depth first, each folder's entries sorted by
/// the key text they stand for (a file <c>x</c> as "x", a folder <c>x</c> as "x/"), so a page reads
/// only the folders it needs. The continuation token is the last key returned; folders wholly
/// before it are skipped without being opened.
/// </summary>
internal sealed class LocalBlobListing(LocalBlobLayout layout)
{
    public const int MaxPageSize = 1000;

    public async Task<BlobPage> ListAsync(string prefix, string? continuationToken, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        if (continuationToken is not null && !continuationToken.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("The continuation token belongs to another listing.", nameof(continuationToken));
        }
        var folderKey = prefix[..(prefix.LastIndexOf('/') + 1)];
        var items = new List<BlobItem>(pageSize);
        var more = false;
        await foreach (var item in WalkAsync(layout.FolderOf(folderKey), folderKey, prefix, continuationToken, ct))
        {
            if (items.Count == pageSize)
            {
                more = true;
                break;
            }
            items.Add(item);
        }
        return new BlobPage(items, more ? items[^1].Key.Value : null);
    }

    private async IAsyncEnumerable<BlobItem> WalkAsync(
        string folder, string folderKey, string prefix, string? after,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var (keyText, isFolder, name) in Entries(folder, folderKey))
        {
            ct.ThrowIfCancellationRequested();
            if (isFolder)
            {
                var overlapsPrefix = keyText.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(keyText, StringComparison.Ordinal);
                var whollyBefore = after is not null && string.CompareOrdinal(keyText, after) < 0 && !after.StartsWith(keyText, StringComparison.Ordinal);
                if (!overlapsPrefix || whollyBefore)
                {
                    continue;
                }
                await foreach (var item in WalkAsync(Path.Combine(folder, name + LocalBlobLayout.FolderSuffix), keyText, prefix, after, ct))
                {
                    yield return item;
                }
            }
            else if (keyText.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(keyText, after) > 0)
                     && await LocalSidecar.ReadAsync(layout.SidecarPath(folder, name), ct) is { } sidecar)
            {
                yield return new BlobItem(BlobKey.FromStore(keyText), sidecar.Size, sidecar.LastModified);
            }
        }
    }

    /// <summary>A folder's blobs and sub-folders with the key text each stands for, in key order.</summary>
    private static List<(string KeyText, bool IsFolder, string Name)> Entries(string folder, string folderKey)
    {
        var entries = new List<(string, bool, string)>();
        var info = new DirectoryInfo(folder);
        if (!info.Exists)
        {
            return entries;
        }
        foreach (var entry in info.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo && entry.Name.EndsWith(LocalBlobLayout.FolderSuffix, StringComparison.Ordinal))
            {
                var name = entry.Name[..^LocalBlobLayout.FolderSuffix.Length];
                entries.Add((folderKey + name + "/", true, name));
            }
            else if (entry is FileInfo && entry.Name.EndsWith(LocalBlobLayout.SidecarSuffix, StringComparison.Ordinal))
            {
                var name = entry.Name[..^LocalBlobLayout.SidecarSuffix.Length];
                entries.Add((folderKey + name, false, name));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return entries;
    }
}
