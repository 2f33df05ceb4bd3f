using System.Diagnostics.CodeAnalysis;

namespace OmniBots.Platform.Blobs;

/// <summary>How to store a blob. Metadata keys are lower-cased; see <see cref="BlobMetadata"/> for the rules.</summary>
public sealed record BlobPutOptions
{
    public string ContentType { get; init; } = BlobProperties.DefaultContentType;
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
public sealed record BlobWriteResult(BlobKey Key, long Size, string Sha256);

/// <param name="Sha256">Lower-case hex SHA-256 of the content; <c>null</c> only for objects that
/// another tool wrote into the bucket.</param>
public sealed record BlobProperties(
    BlobKey Key,
    long Size,
    string ContentType,
    string? Sha256,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata)
{
    public const string DefaultContentType = "application/octet-stream";
}

/// <summary>An entry of a listing: what the stores can report without reading each blob.</summary>
public sealed record BlobItem(BlobKey Key, long Size, DateTimeOffset LastModified);

/// <param name="ContinuationToken">Opaque; <c>null</c> on the last page.</param>
public sealed record BlobPage(IReadOnlyList<BlobItem> Items, string? ContinuationToken);

/// <summary>The outcome of <see cref="IBlobStore.GetAsync"/>: the open content and its properties,
/// or not found. Disposing it closes the content stream.</summary>
public sealed class BlobReadResult : IAsyncDisposable, IDisposable
{
    private BlobReadResult(BlobKey key, Stream? content, BlobProperties? properties)
    {
        Key = key;
        Content = content;
        Properties = properties;
    }

    public BlobKey Key { get; }
    public Stream? Content { get; }
    public BlobProperties? Properties { get; }

    [MemberNotNullWhen(true, nameof(Content), nameof(Properties))]
    public bool Found => Content is not null;

    public static BlobReadResult Of(Stream content, BlobProperties properties)
        => new(properties.Key, content ?? throw new ArgumentNullException(nameof(content)), properties);

    public static BlobReadResult NotFound(BlobKey key) => new(key, null, null);

    public ValueTask DisposeAsync() => Content?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => Content?.Dispose();
}
