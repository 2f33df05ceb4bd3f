using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Provider <c>vertex</c>: Gemini on Vertex AI. Credentials: <c>service_account_json</c> (the service account's JSON
/// key file). Settings: <c>project</c> (default: the key's project_id), <c>location</c> (default: the endpoint's
/// region, else us-central1). Base URL default <c>https://{location}-aiplatform.googleapis.com/v1/</c>
/// (<c>https://aiplatform.googleapis.com/v1/</c> for location "global").
/// </summary>
internal sealed partial class VertexAdapterFactory(IHttpClientFactory httpClients, TimeProvider time) : IProviderAdapterFactory, IDisposable
{
    public const string DefaultLocation = "us-central1";

    // Adapters are created per call; the token must outlive them, so one source per distinct key lives here.
    private readonly ConcurrentDictionary<string, Lazy<ServiceAccountTokenSource>> _tokenSources = new(StringComparer.Ordinal);

    public string Provider => "vertex";

    public IReadOnlyList<string> Validate(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var problems = GoogleConnection.CommonProblems(connection);
        var (key, keyProblems) = ServiceAccountKey.Parse(connection.Credentials.GetValueOrDefault("service_account_json"));
        problems.AddRange(keyProblems);
        if (key is not null && Project(connection, key) is null)
        {
            problems.Add("settings.project is required: the service-account key has no project_id");
        }
        if (!LocationPattern().IsMatch(Location(connection)))
        {
            problems.Add($"settings.location '{Location(connection)}' is not a Google Cloud location (such as us-central1, europe-west4 or global)");
        }
        return problems;
    }

    public ILlmProvider Create(ProviderConnection connection)
    {
        ConnectionRules.ThrowIfInvalid(this, connection);
        var json = connection.Credentials["service_account_json"];
        var key = ServiceAccountKey.Parse(json).Key!;
        var location = Location(connection);
        var baseUrl = connection.BaseUrl ?? new Uri(location == "global"
            ? "https://aiplatform.googleapis.com/v1/"
            : $"https://{location}-aiplatform.googleapis.com/v1/");
        var tokens = _tokenSources.GetOrAdd(
            connection.HttpClientName + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            _ => new Lazy<ServiceAccountTokenSource>(() => new ServiceAccountTokenSource(key, httpClients, connection.HttpClientName, time))).Value;
        var api = new VertexApi(ConnectionRules.AsDirectory(baseUrl), Project(connection, key)!, location, tokens);
        return new GeminiProvider(httpClients.CreateClient(connection.HttpClientName), api, connection.Timeouts, time, sendCallIds: false);
    }

    private static string? Project(ProviderConnection connection, ServiceAccountKey key) =>
        connection.Settings.GetValueOrDefault("project") is { Length: > 0 } project ? project : key.ProjectId;

    private static string Location(ProviderConnection connection) =>
        connection.Settings.GetValueOrDefault("location") is { Length: > 0 } location ? location
        : string.IsNullOrWhiteSpace(connection.Region) ? DefaultLocation : connection.Region;

    [GeneratedRegex("^[a-z][a-z0-9-]{1,62}$")]
    private static partial Regex LocationPattern();

    public void Dispose()
    {
        foreach (var source in _tokenSources.Values.Where(s => s.IsValueCreated))
        {
            source.Value.Dispose();
        }
    }
}
