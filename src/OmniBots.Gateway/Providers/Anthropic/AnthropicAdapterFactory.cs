using System.Globalization;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>One Anthropic endpoint as the adapter uses it: base URL ending with '/', key, API version, timeouts.</summary>
internal sealed record AnthropicEndpoint(Uri BaseUrl, string ApiKey, string Version, ProviderTimeouts Timeouts);

/// <summary>
/// Provider <c>anthropic</c>. Credentials: <c>api_key</c> (required, sent as <c>x-api-key</c>). Settings:
/// <c>anthropic_version</c> (the <c>anthropic-version</c> header, default <see cref="DefaultVersion"/>).
/// Base URL default <see cref="DefaultBaseUrl"/>.
/// </summary>
internal sealed class AnthropicAdapterFactory(IHttpClientFactory httpClients, TimeProvider time) : IProviderAdapterFactory
{
    public const string ApiKey = "api_key";
    public const string VersionSetting = "anthropic_version";
    /// <summary>The version Anthropic's docs and SDKs send; the Messages API wire format described here is this one.</summary>
    public const string DefaultVersion = "2023-06-01";
    public static readonly Uri DefaultBaseUrl = new("https://api.anthropic.com/v1/");

    public string Provider => "anthropic";

    public IReadOnlyList<string> Validate(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var problems = new List<string>();
        if (!connection.Credentials.TryGetValue(ApiKey, out var key) || string.IsNullOrWhiteSpace(key))
        {
            problems.Add($"credentials.{ApiKey} is required (an Anthropic API key, sent as x-api-key).");
        }
        if (connection.Settings.TryGetValue(VersionSetting, out var version)
            && !DateOnly.TryParseExact(version, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add($"settings.{VersionSetting} must be an Anthropic API version date like {DefaultVersion}; got '{version}'.");
        }
        if (connection.BaseUrl is { } baseUrl && (!baseUrl.IsAbsoluteUri || baseUrl.Scheme is not ("https" or "http")))
        {
            problems.Add($"base_url must be an absolute http(s) URL such as {DefaultBaseUrl}; got '{baseUrl}'.");
        }
        problems.AddRange(ConnectionRules.TimeoutProblems(connection).Select(p => p + "."));
        return problems;
    }

    public ILlmProvider Create(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Validate(connection) is { Count: > 0 } problems)
        {
            throw new LlmProviderException(LlmErrorKind.BadRequest, "The Anthropic endpoint is misconfigured: " + string.Join(" ", problems));
        }
        var endpoint = new AnthropicEndpoint(
            ConnectionRules.AsDirectory(connection.BaseUrl ?? DefaultBaseUrl),
            connection.Credentials[ApiKey],
            connection.Settings.TryGetValue(VersionSetting, out var version) ? version : DefaultVersion,
            connection.Timeouts);
        return new AnthropicProvider(httpClients.CreateClient(connection.HttpClientName), endpoint, time);
    }

}
