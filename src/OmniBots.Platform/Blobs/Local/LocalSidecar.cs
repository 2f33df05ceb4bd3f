using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniBots.Platform.Blobs.Local;

/// <summary>A blob's properties and the name of its current content file. Replacing the sidecar
/// (an atomic rename) is what commits a write, so content and metadata always change together.</summary>
internal sealed record LocalSidecar(
    string Version,
    long Size,
    string Sha256,
    string ContentType,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata)
{
    public BlobProperties ToProperties(BlobKey key) => new(key, Size, ContentType, Sha256, LastModified, Metadata);

    /// <summary>The sidecar, or <c>null</c> when the blob does not exist.</summary>
    public static async Task<LocalSidecar?> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.Asynchronous);
            return await JsonSerializer.DeserializeAsync(stream, LocalSidecarJson.Default.LocalSidecar, ct)
                ?? throw new InvalidDataException($"Blob sidecar '{path}' is empty.");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes a temporary file next to <paramref name="path"/>, flushes it to disk and renames it over the old sidecar.</summary>
    public async Task WriteAsync(string path, string tempPath, CancellationToken ct)
    {
        try
        {
            await using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await JsonSerializer.SerializeAsync(stream, this, LocalSidecarJson.Default.LocalSidecar, ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tempPath, path, overwrite: true);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LocalSidecar))]
internal sealed partial class LocalSidecarJson : JsonSerializerContext;
