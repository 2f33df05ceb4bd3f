using System.Collections.Concurrent;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers.OpenAi;

namespace OmniBots.Gateway.Providers.AzureOpenAi;

/// <summary>
/// <c>azure-openai</c>. Base URL: the resource endpoint <c>https://{resource}.openai.azure.com/</c> (required); the
/// model the router passes is the deployment name. Settings: <c>api_version</c> (default <see cref="DefaultApiVersion"/>),
/// <c>authority_host</c> (default <c>https://login.microsoftonline.com/</c>). Credentials: either <c>api_key</c>, or
/// Entra ID client credentials <c>tenant_id</c> + <c>client_id</c> + <c>client_secret</c>.
/// </summary>
internal sealed class AzureOpenAiAdapterFactory(IHttpClientFactory httpClients, TimeProvider time) : IProviderAdapterFactory, IDisposable
{
    public const string Code = "azure-openai";
    /// <summary>The latest generally available dated data-plane inference version (stream usage, tools, max_completion_tokens).</summary>
    public const string DefaultApiVersion = "2024-10-21";
    private static readonly string[] EntraFields = ["tenant_id", "client_id", "client_secret"];

    // Adapters are created per call; token sources live here so a token is shared across them.
    private readonly ConcurrentDictionary<string, EntraTokenSource> _tokenSources = new();

    public string Provider => Code;

    public IReadOnlyList<string> Validate(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var problems = ConnectionRules.Common(connection, Code, baseUrlRequired: true);
        var hasKey = ConnectionRules.Value(connection.Credentials, "api_key") is not null;
        var entraGiven = EntraFields.Where(f => ConnectionRules.Value(connection.Credentials, f) is not null).ToList();
        if (hasKey && entraGiven.Count > 0)
        {
            problems.Add($"credentials: use either api_key or Entra ID (tenant_id, client_id, client_secret), not both (also given: {string.Join(", ", entraGiven)})");
        }
        else if (!hasKey && entraGiven.Count == 0)
        {
            problems.Add("credentials: api_key is required, or Entra ID credentials tenant_id, client_id and client_secret");
        }
        else if (!hasKey)
        {
            problems.AddRange(EntraFields.Except(entraGiven).Select(f => $"credentials.{f} is required for Entra ID authentication"));
        }
        if (connection.Settings.TryGetValue("api_version", out var version) && string.IsNullOrWhiteSpace(version))
        {
            problems.Add("settings.api_version must not be blank (leave it out for the default)");
        }
        if (ConnectionRules.Value(connection.Settings, "authority_host") is { } authority
            && (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add("settings.authority_host must be an absolute http or https URL");
        }
        return problems;
    }

    public ILlmProvider Create(ProviderConnection connection)
    {
        ConnectionRules.ThrowIfInvalid(this, connection);
        var apiKey = ConnectionRules.Value(connection.Credentials, "api_key");
        var dialect = new AzureOpenAiDialect(
            connection.BaseUrl!,
            ConnectionRules.Value(connection.Settings, "api_version") ?? DefaultApiVersion,
            apiKey,
            apiKey is null ? TokenSource(connection) : null);
        return new OpenAiProvider(httpClients.CreateClient(connection.HttpClientName), dialect, connection.Timeouts, time);
    }

    private EntraTokenSource TokenSource(ProviderConnection connection)
    {
        var authority = ConnectionRules.Value(connection.Settings, "authority_host") is { } host ? new Uri(host) : EntraTokenSource.DefaultAuthority;
        var tenant = ConnectionRules.Value(connection.Credentials, "tenant_id")!;
        var client = ConnectionRules.Value(connection.Credentials, "client_id")!;
        var secret = ConnectionRules.Value(connection.Credentials, "client_secret")!;
        // The secret is part of the key so a rotated secret gets a fresh source (in memory only, like the connection).
        var key = string.Join('\n', connection.HttpClientName, authority, tenant, client, secret);
        return _tokenSources.GetOrAdd(key, _ => new EntraTokenSource(httpClients.CreateClient(connection.HttpClientName), authority, tenant, client, secret, time));
    }

    public void Dispose()
    {
        foreach (var source in _tokenSources.Values)
        {
            source.Dispose();
        }
    }
}
