namespace OmniBots.Platform.Http;

/// <summary>Settings under <c>Http</c>.</summary>
internal sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>1 MiB: enough for any JSON command; endpoints that take uploads raise it with
    /// <c>WithMaxRequestBodySize</c>.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Largest request body any endpoint accepts unless it declares its own limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// How many bytes beyond a refused body's limit the server still reads and discards. A client
    /// that is mid-upload when the 413 comes (most cannot stop sending) then reads the answer and
    /// keeps its connection; a body larger than this gets the connection closed instead. 0 closes
    /// at once.
    /// </summary>
    public long RefusedBodyDrainBytes { get; set; } = 16 * 1024 * 1024;
}
