using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace OmniBots.Platform.Blobs.S3;

/// <summary>What the S3 store writes beside the content, and how it reads it back.</summary>
internal static class S3Names
{
    /// <summary>User metadata entry holding the content's SHA-256 (S3's own ETag is not a hash of the content for multipart uploads).</summary>
    public const string Sha256Metadata = BlobMetadata.ReservedPrefix + "sha256";

    /// <summary>Large uploads are assembled here, then copied to their key with their final metadata, so the
    /// key never shows an object without its SHA-256. Outside <c>tenants/</c> and <c>platform/</c>, so never listed.</summary>
    public const string StagingPrefix = "_staging/";

    private const string HeaderPrefix = "x-amz-meta-";

    public static bool IsNotFound(AmazonS3Exception ex) => ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket";

    public static void Write(MetadataCollection target, IReadOnlyDictionary<string, string> metadata, string sha256)
    {
        foreach (var (name, value) in metadata)
        {
            target[name] = value;
        }
        target[Sha256Metadata] = sha256;
    }

    public static (IReadOnlyDictionary<string, string> Metadata, string? Sha256) Read(MetadataCollection source)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? sha256 = null;
        foreach (var header in source.Keys)
        {
            var name = header.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase) ? header[HeaderPrefix.Length..] : header;
            name = name.ToLowerInvariant();
            if (name == Sha256Metadata)
            {
                sha256 = source[header];
            }
            else
            {
                metadata[name] = source[header];
            }
        }
        return (metadata, sha256);
    }
}
