using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Provider <c>gemini</c>: the Gemini API (Google AI Studio). Credentials: <c>api_key</c> (sent as
/// <c>x-goog-api-key</c>). Base URL default <see cref="DefaultBaseUrl"/>. No settings.
/// </summary>
internal sealed class GeminiAdapterFactory(IHttpClientFactory httpClients, TimeProvider time) : IProviderAdapterFactory
{
    public static readonly Uri DefaultBaseUrl = new("https://generativelanguage.googleapis.com/v1beta/");

    public string Provider => "gemini";

    public IReadOnlyList<string> Validate(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var problems = GoogleConnection.CommonProblems(connection);
        if (string.IsNullOrWhiteSpace(connection.Credentials.GetValueOrDefault("api_key")))
        {
            problems.Add("credentials.api_key is required (a Gemini API key from Google AI Studio)");
        }
        return problems;
    }

    public ILlmProvider Create(ProviderConnection connection)
    {
        ConnectionRules.ThrowIfInvalid(this, connection);
        var api = new GeminiKeyApi(ConnectionRules.AsDirectory(connection.BaseUrl ?? DefaultBaseUrl), connection.Credentials["api_key"]);
        return new GeminiProvider(httpClients.CreateClient(connection.HttpClientName), api, connection.Timeouts, time, sendCallIds: true);
    }
}
