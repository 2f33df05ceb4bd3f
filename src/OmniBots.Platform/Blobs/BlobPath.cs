using System.Text;

namespace OmniBots.Platform.Blobs;

/// <summary>The rules for the relative part of a blob key. They are the intersection of what every
/// store accepts safely: S3 allows 1,024 bytes per key, and the local store turns each segment into
/// a file or folder name, which Linux limits to 255 bytes (less the store's suffixes).</summary>
public static class BlobPath
{
    public const int MaxKeyBytes = 1024;
    public const int MaxSegmentBytes = 200;

    // Room for the tenants/{guid}/ root, so every valid path makes a valid key.
    private const int MaxPathBytes = MaxKeyBytes - 64;

    /// <summary>Why <paramref name="path"/> cannot be a blob path, or <c>null</c> when it can.</summary>
    public static string? Check(string? path, bool isPrefix)
    {
        if (path is null || (path.Length == 0 && !isPrefix))
        {
            return "A blob path must not be empty.";
        }
        if (path.StartsWith('/') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
        {
            return $"Blob path '{path}' is absolute; give a path relative to the tenant, such as 'kb/doc1.pdf'.";
        }
        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return $"Blob path '{path}' contains a backslash; separate folders with '/'.";
        }
        if (path.Any(char.IsControl))
        {
            return "A blob path must not contain control characters (such as NUL, tab or newline).";
        }
        if (HasLoneSurrogate(path))
        {
            return "A blob path must be well-formed Unicode (it has a lone surrogate).";
        }
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            return $"A blob path must be at most {MaxPathBytes} UTF-8 bytes.";
        }
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Length - 1;
            if (segment.Length == 0 && !(isPrefix && isLast))
            {
                return $"Blob path '{path}' has an empty segment ('//', or '/' at the end).";
            }
            if (segment is "." or "..")
            {
                return $"Blob path '{path}' has a '{segment}' segment; paths cannot climb out of their folder.";
            }
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"Blob path '{path}' has a segment longer than {MaxSegmentBytes} UTF-8 bytes.";
            }
        }
        return null;
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }
        return false;
    }
}
