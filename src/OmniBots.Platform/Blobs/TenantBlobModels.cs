using System.Diagnostics.CodeAnalysis;

namespace OmniBots.Platform.Blobs;

// The tenant view's own results: BlobKey-based ones would hand tenant code the full key, prefix included.

/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
public sealed record TenantBlobWriteResult(string Path, long Size, string Sha256);

/// <param name="Sha256">Lower-case hex SHA-256 of the content; <c>null</c> only for objects that
/// another tool wrote into the bucket.</param>
public sealed record TenantBlobProperties(
    string Path,
    long Size,
    string ContentType,
    string? Sha256,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata)
{
    internal static TenantBlobProperties Of(string path, BlobProperties properties)
        => new(path, properties.Size, properties.ContentType, properties.Sha256, properties.LastModified, properties.Metadata);
}

/// <summary>An entry of a tenant listing.</summary>
public sealed record TenantBlobItem(string Path, long Size, DateTimeOffset LastModified);

/// <param name="ContinuationToken">Opaque; <c>null</c> on the last page.</param>
public sealed record TenantBlobPage(IReadOnlyList<TenantBlobItem> Items, string? ContinuationToken);

/// <summary>The outcome of <see cref="ITenantBlobStore.GetAsync"/>: the open content and its
/// properties, or not found. Disposing it closes the content stream.</summary>
public sealed class TenantBlobReadResult : IAsyncDisposable, IDisposable
{
    private TenantBlobReadResult(string path, Stream? content, TenantBlobProperties? properties)
    {
        Path = path;
        Content = content;
        Properties = properties;
    }

    public string Path { get; }
    public Stream? Content { get; }
    public TenantBlobProperties? Properties { get; }

    [MemberNotNullWhen(true, nameof(Content), nameof(Properties))]
    public bool Found => Content is not null;

    public static TenantBlobReadResult Of(Stream content, TenantBlobProperties properties)
        => new(properties.Path, content ?? throw new ArgumentNullException(nameof(content)), properties);

    public static TenantBlobReadResult NotFound(string path) => new(path, null, null);

    public ValueTask DisposeAsync() => Content?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => Content?.Dispose();
}
