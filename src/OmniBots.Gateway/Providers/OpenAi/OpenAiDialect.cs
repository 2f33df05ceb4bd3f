using System.Net.Http.Headers;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>
/// What differs between servers that speak Chat Completions: where the calls go and how they are authenticated.
/// Bodies, streams and errors are the same, so one <see cref="OpenAiProvider"/> serves them all.
/// </summary>
internal abstract class OpenAiDialect
{
    /// <summary>For error messages: "OpenAI", "Azure OpenAI", "OpenAI-compatible server".</summary>
    public abstract string Name { get; }

    public abstract Uri ChatUri(string model);

    public abstract Uri EmbeddingsUri(string model);

    /// <summary>Adds credentials to the request; may fetch a token (failures are typed <c>LlmProviderException</c>s).</summary>
    public abstract ValueTask AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// OpenAI itself and OpenAI-compatible servers (Ollama, vLLM, LM Studio): paths under a base URL ending in
/// <c>/v1/</c>, an optional bearer key (local servers often have none), optional organization/project headers.
/// </summary>
internal sealed class BearerKeyDialect(string name, Uri baseUrl, string? apiKey, IReadOnlyDictionary<string, string> headers) : OpenAiDialect
{
    // Resolved once: combining URIs on every call showed up in the gateway's overhead profile.
    private readonly Uri _chat = new(ConnectionRules.AsDirectory(baseUrl), "chat/completions");
    private readonly Uri _embeddings = new(ConnectionRules.AsDirectory(baseUrl), "embeddings");

    public override string Name => name;

    public override Uri ChatUri(string model) => _chat;

    public override Uri EmbeddingsUri(string model) => _embeddings;

    public override ValueTask AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (apiKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        foreach (var (header, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(header, value);
        }
        return ValueTask.CompletedTask;
    }
}
