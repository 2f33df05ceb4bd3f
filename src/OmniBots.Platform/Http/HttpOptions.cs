namespace OmniBots.Platform.Http;

/// <summary>Settings under <c>Http</c>.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>1 MiB: enough for any JSON command; endpoints that take uploads raise it with
    /// <c>WithMaxRequestBodySize</c>.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Largest request body any endpoint accepts unless it declares its own limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;
}
