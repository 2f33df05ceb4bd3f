namespace OmniBots.Platform.Blobs;

/// <summary>Settings under <c>Blobs</c>.</summary>
internal sealed class BlobOptions
{
    public const string Section = "Blobs";
    public const string LocalProvider = "local";
    public const string S3Provider = "s3";

    /// <summary><c>local</c> (a folder; one node) or <c>s3</c> (any S3-compatible store; several nodes).</summary>
    public string Provider { get; set; } = LocalProvider;

    public LocalBlobOptions Local { get; set; } = new();

    public S3BlobOptions S3 { get; set; } = new();

    public bool UsesS3 => string.Equals(Provider, S3Provider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Settings under <c>Blobs:Local</c>.</summary>
internal sealed class LocalBlobOptions
{
    /// <summary>Folder of the blobs; relative paths start at the working directory.</summary>
    public string Root { get; set; } = ".data/blobs";
}

/// <summary>Settings under <c>Blobs:S3</c>.</summary>
internal sealed class S3BlobOptions
{
    /// <summary>Endpoint of a non-AWS store (MinIO, GCS <c>https://storage.googleapis.com</c>); empty for AWS.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    /// <summary>Signing region; AWS picks its endpoint from it when <see cref="ServiceUrl"/> is empty.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>With <see cref="SecretAccessKey"/>; both empty means the SDK's default credentials
    /// (environment, profile, instance or pod role).</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Bucket in the path (<c>host/bucket/key</c>) rather than the host name: MinIO and most
    /// self-hosted stores need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Creates the bucket on first use when it does not exist (development, tests).</summary>
    public bool CreateBucketIfMissing { get; set; }

    /// <summary>Bodies larger than this go up in parts of this size; one part is buffered per upload.</summary>
    public int PartSizeMegabytes { get; set; } = 8;

    /// <summary>Copies above this size use multipart copy. S3's own limit; not a setting (tests lower it
    /// to exercise the multipart path without 5 GiB bodies).</summary>
    internal long SingleCopyLimitBytes { get; set; } = S3.S3Copier.MaxSingleCopyBytes;

    internal int PartSizeBytes => PartSizeMegabytes * 1024 * 1024;
}
