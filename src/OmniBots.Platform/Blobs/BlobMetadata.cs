namespace OmniBots.Platform.Blobs;

/// <summary>
/// The rules for user metadata, which S3 sends as <c>x-amz-meta-*</c> HTTP headers: names of
/// lower-case letters, digits and hyphens; printable ASCII values; 2 KB in all (S3's limit).
/// Names starting with <c>omnibots-</c> are the stores' own.
/// </summary>
public static class BlobMetadata
{
    public const int MaxTotalBytes = 2048;
    internal const string ReservedPrefix = "omnibots-";

    /// <summary>The metadata with lower-cased names; throws <see cref="ArgumentException"/> naming the first broken rule.</summary>
    public static IReadOnlyDictionary<string, string> Normalize(IReadOnlyDictionary<string, string>? metadata)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (metadata is null)
        {
            return result;
        }
        var total = 0;
        foreach (var (rawName, value) in metadata)
        {
            var name = rawName.ToLowerInvariant();
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new ArgumentException($"Blob metadata name '{rawName}' must be letters, digits and hyphens.", nameof(metadata));
            }
            if (name.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Blob metadata name '{rawName}' uses the reserved prefix '{ReservedPrefix}'.", nameof(metadata));
            }
            if (value is null || value.Any(c => c is < ' ' or > '~'))
            {
                throw new ArgumentException($"Blob metadata value of '{rawName}' must be printable ASCII.", nameof(metadata));
            }
            if (!result.TryAdd(name, value))
            {
                throw new ArgumentException($"Blob metadata name '{rawName}' appears twice (names ignore case).", nameof(metadata));
            }
            total += name.Length + value.Length;
        }
        if (total > MaxTotalBytes)
        {
            throw new ArgumentException($"Blob metadata is {total} bytes; at most {MaxTotalBytes} are allowed.", nameof(metadata));
        }
        return result;
    }
}

internal static class BlobContentType
{
    public static string Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return BlobProperties.DefaultContentType;
        }
        if (contentType.Length > 255 || contentType.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException("A blob content type must be printable ASCII of at most 255 characters.", nameof(contentType));
        }
        return contentType;
    }
}
