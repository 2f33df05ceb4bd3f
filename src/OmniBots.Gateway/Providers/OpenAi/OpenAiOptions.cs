namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>
/// Configuration section <c>Gateway:OpenAi</c>: with an <see cref="ApiKey"/>, the registry upserts the platform endpoint
/// "openai (configuration)" from it at start (<c>ConfiguredOpenAiSeed</c>); without one nothing is seeded.
/// </summary>
internal sealed class OpenAiOptions
{
    public const string Section = "Gateway:OpenAi";

    /// <summary>Ends with <c>/v1/</c>.</summary>
    public Uri BaseUrl { get; set; } = OpenAiAdapterFactory.DefaultBaseUrl;
    public string? ApiKey { get; set; }
    /// <summary>Until the response headers arrive (the first-byte timeout).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The whole call, body or stream included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public ProviderConnection ToConnection() => new()
    {
        Provider = OpenAiAdapterFactory.Code,
        BaseUrl = BaseUrl,
        Credentials = new Dictionary<string, string> { ["api_key"] = ApiKey ?? "" },
        Timeouts = new ProviderTimeouts(RequestTimeout, TotalTimeout),
    };
}
