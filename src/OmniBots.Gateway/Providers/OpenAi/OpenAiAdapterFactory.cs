using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>
/// <c>openai</c>: OpenAI's own API. Credentials <c>api_key</c> (required). Base URL defaults to
/// <c>https://api.openai.com/v1/</c>. Settings <c>organization</c> and <c>project</c> become the
/// <c>OpenAI-Organization</c> / <c>OpenAI-Project</c> headers (usage is billed there).
/// </summary>
internal sealed class OpenAiAdapterFactory(IHttpClientFactory httpClients, TimeProvider time) : IProviderAdapterFactory
{
    public const string Code = "openai";
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1/");

    public string Provider => Code;

    public IReadOnlyList<string> Validate(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var problems = ConnectionRules.Common(connection, Code, baseUrlRequired: false);
        if (ConnectionRules.Value(connection.Credentials, "api_key") is null)
        {
            problems.Add("credentials.api_key is required");
        }
        return problems;
    }

    public ILlmProvider Create(ProviderConnection connection)
    {
        ConnectionRules.ThrowIfInvalid(this, connection);
        var headers = new Dictionary<string, string>();
        if (ConnectionRules.Value(connection.Settings, "organization") is { } organization)
        {
            headers["OpenAI-Organization"] = organization;
        }
        if (ConnectionRules.Value(connection.Settings, "project") is { } project)
        {
            headers["OpenAI-Project"] = project;
        }
        var dialect = new BearerKeyDialect("OpenAI", connection.BaseUrl ?? DefaultBaseUrl, ConnectionRules.Value(connection.Credentials, "api_key"), headers);
        return new OpenAiProvider(httpClients.CreateClient(connection.HttpClientName), dialect, connection.Timeouts, time);
    }
}

/// <summary>
/// <c>openai-compatible</c>: any server speaking Chat Completions (Ollama <c>http://host:11434/v1/</c>, vLLM,
/// LM Studio, llama.cpp server...). Base URL required (the API root, usually ending in <c>/v1</c>); credentials
/// <c>api_key</c> optional: without it no <c>Authorization</c> header is sent.
/// </summary>
internal sealed class OpenAiCompatibleAdapterFactory(IHttpClientFactory httpClients, TimeProvider time) : IProviderAdapterFactory
{
    public const string Code = "openai-compatible";

    public string Provider => Code;

    public IReadOnlyList<string> Validate(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ConnectionRules.Common(connection, Code, baseUrlRequired: true);
    }

    public ILlmProvider Create(ProviderConnection connection)
    {
        ConnectionRules.ThrowIfInvalid(this, connection);
        var dialect = new BearerKeyDialect("OpenAI-compatible server", connection.BaseUrl!, ConnectionRules.Value(connection.Credentials, "api_key"), new Dictionary<string, string>());
        return new OpenAiProvider(httpClients.CreateClient(connection.HttpClientName), dialect, connection.Timeouts, time);
    }
}
