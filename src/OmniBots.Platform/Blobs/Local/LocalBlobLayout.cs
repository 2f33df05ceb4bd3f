using System.Security.Cryptography;

namespace OmniBots.Platform.Blobs.Local;

/// <summary>
/// How keys map to files. Every key segment but the last is a folder named <c>segment.d</c>; the last
/// names a sidecar <c>segment.meta</c> (JSON: properties and the current content version) and the
/// content <c>segment.{version}.blob</c>. Distinct suffixes for folders, sidecars, content and
/// temporary files mean keys <c>a/b</c> and <c>a/b/c</c> coexist (as in S3) and no key can name
/// another key's file. Segments are checked by <see cref="BlobPath"/> (no <c>..</c>, separators or
/// control characters) and every path is checked to stay under the root as well.
/// </summary>
internal sealed class LocalBlobLayout
{
    public const string FolderSuffix = ".d";
    public const string SidecarSuffix = ".meta";
    public const string ContentSuffix = ".blob";
    public const string TempSuffix = ".tmp";

    public LocalBlobLayout(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The folder of <paramref name="keyOrFolder"/>'s last segment and that segment, e.g.
    /// <c>tenants/x/kb/doc.pdf</c> → (<c>{root}/tenants.d/x.d/kb.d</c>, <c>doc.pdf</c>).</summary>
    public (string Folder, string Name) Locate(string keyOrFolder)
    {
        var cut = keyOrFolder.LastIndexOf('/');
        var folder = cut < 0 ? Root : FolderOf(keyOrFolder[..(cut + 1)]);
        return (folder, keyOrFolder[(cut + 1)..]);
    }

    /// <summary>The folder holding the keys that start with <paramref name="folderPrefix"/> (which is empty or ends with '/').</summary>
    public string FolderOf(string folderPrefix)
    {
        var path = Root;
        foreach (var segment in folderPrefix.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = Path.Combine(path, segment + FolderSuffix);
        }
        return Contained(path);
    }

    public string SidecarPath(string folder, string name) => Contained(Path.Combine(folder, name + SidecarSuffix));

    public string ContentPath(string folder, string name, string version) => Contained(Path.Combine(folder, $"{name}.{version}{ContentSuffix}"));

    public string TempPath(string folder, string name) => Contained(Path.Combine(folder, $"{name}.{NewVersion()}{TempSuffix}"));

    /// <summary>16 random hex digits: content files never change once written, each write gets a new one.</summary>
    public static string NewVersion() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    // Defence in depth: BlobPath already rules out every way to climb, but a path that left the
    // root would reach another tenant or the host's files, so it is checked once more here.
    private string Contained(string path)
    {
        var full = Path.GetFullPath(path);
        if (full != Root && !full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Blob path '{full}' is outside the blob root '{Root}'.");
        }
        return full;
    }
}
