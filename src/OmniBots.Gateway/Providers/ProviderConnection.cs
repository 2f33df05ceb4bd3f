using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers;

/// <summary>
/// Everything an adapter needs to talk to one endpoint, as the registry resolved it: credentials are already
/// unprotected (they live only in memory). Keys of <see cref="Credentials"/> and <see cref="Settings"/> are
/// documented by each adapter factory (e.g. <c>api_key</c>; <c>api_version</c>).
/// </summary>
internal sealed record ProviderConnection
{
    /// <summary>The factory's <see cref="IProviderAdapterFactory.Provider"/> code.</summary>
    public required string Provider { get; init; }
    /// <summary>Null means the provider's public default.</summary>
    public Uri? BaseUrl { get; init; }
    public string? Region { get; init; }
    public IReadOnlyDictionary<string, string> Credentials { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public ProviderTimeouts Timeouts { get; init; } = ProviderTimeouts.Default;
    /// <summary>Which pooled client adapters (and their token sources) use: tenant endpoints get the SSRF-guarded one.</summary>
    public string HttpClientName { get; init; } = GatewayHttp.ClientName;
}

/// <summary>
/// <see cref="FirstByte"/>: until the response headers arrive (for a stream, until it starts).
/// <see cref="Total"/>: the whole call, body included (for a stream, until its end).
/// The connect timeout belongs to the shared HTTP handler (<c>Gateway:ConnectTimeout</c>).
/// </summary>
internal sealed record ProviderTimeouts(TimeSpan FirstByte, TimeSpan Total)
{
    public static ProviderTimeouts Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
}

/// <summary>
/// Makes adapters for one provider kind. Registered as a multi-service; the registry validates endpoint
/// configuration with <see cref="Validate"/> before storing it, and the router creates adapters per endpoint.
/// </summary>
internal interface IProviderAdapterFactory
{
    /// <summary>Lower-case code stored with endpoints: openai, azure-openai, anthropic, gemini, vertex, openai-compatible, offline.</summary>
    string Provider { get; }

    /// <summary>Every problem with the connection at once, each naming the field ("credentials.api_key is required"); empty when usable.</summary>
    IReadOnlyList<string> Validate(ProviderConnection connection);

    /// <summary>Cheap: adapters share the gateway's pooled HTTP handler; callers may create one per call.</summary>
    ILlmProvider Create(ProviderConnection connection);
}
