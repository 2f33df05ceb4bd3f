namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>Configuration section <c>Gateway:OpenAi</c>. With no <see cref="ApiKey"/> the offline provider is used.</summary>
internal sealed class OpenAiOptions
{
    public const string Section = "Gateway:OpenAi";

    /// <summary>Ends with <c>/v1/</c>; any OpenAI-compatible server works by pointing this at it.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.openai.com/v1/");
    public string? ApiKey { get; set; }
    /// <summary>Until the response headers arrive (streaming) or the whole body (non-streaming).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
